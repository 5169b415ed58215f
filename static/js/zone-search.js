// The time-zone picker: typing in the search box keeps only the zones whose city, country,
// offset or other name (data-also: the city and country in the other language, "Londres"
// and "London"; old names, "Montreal" for Toronto; large cities, "Mumbai" for Kolkata)
// holds every word typed (accents and case ignored), each under its group (the person's
// country first, then by region). Offsets are read as people type them: "UTC-05" (a hyphen
// or a minus sign), "+5:30", "GMT+1", and "GMT" alone for UTC+00:00. While a search is typed,
// the select opens as a list of the zones found, so that they are seen without opening it;
// typing never changes the choice: the person picks a zone in the list (or presses Enter in
// the box to pick the first one found). When nothing matches, the message next to it says so.
const fold = (text) =>
  text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\u2212/g, "-").toLowerCase();
const ROWS = 8;
const OFFSET = /^(?:utc|gmt)?([+-])(\d{1,2})(?::?(\d{2}))?$/;

// What each typed word must find: an offset in the labels' form ("utc-05", "utc+05:30"),
// "gmt" alone as UTC+00:00 (or UTC itself), any other word as typed.
const matchers = (query) => {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const offsets = words.filter((word) => OFFSET.test(word));
  return words
    .filter((word) => !(offsets.length && (word === "utc" || word === "gmt")))
    .map((word) => {
      const offset = word.match(OFFSET);
      if (offset) {
        const [, sign, hours, minutes] = offset;
        return [`utc${sign}${hours.padStart(2, "0")}${minutes ? `:${minutes}` : ""}`];
      }
      return word === "gmt" ? ["utc+00:00", "gmt"] : [word];
    });
};

document.querySelectorAll("[data-zone-search]").forEach((input) => {
  const select = document.getElementById(input.dataset.zoneSearch);
  if (!select) return;
  const none = document.getElementById(input.dataset.zoneNone || "");
  const options = Array.from(select.options).map((option) => [
    option,
    fold([option.text, option.value.replace(/[_/]/g, " "), option.dataset.also || ""].join(" ")),
  ]);
  const groups = Array.from(select.querySelectorAll("optgroup"));
  const firstShown = () => options.map(([option]) => option).find((option) => !option.hidden);
  const filter = () => {
    const words = matchers(input.value);
    let found = 0;
    for (const [option, text] of options) {
      const shown = words.every((choices) => choices.some((word) => text.includes(word)));
      option.hidden = !shown;
      if (shown) found += 1;
    }
    let rows = found;
    for (const group of groups) {
      group.hidden = !Array.from(group.children).some((option) => !option.hidden);
      if (!group.hidden) rows += 1;
    }
    if (words.length && found) {
      select.size = Math.max(2, Math.min(ROWS, rows));
    } else {
      select.removeAttribute("size");
    }
    if (none) none.hidden = !words.length || found > 0;
  };
  input.addEventListener("input", filter);
  // Enter in the box picks the first zone found rather than sending the form half-filled.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      const first = input.value.trim() && firstShown();
      if (first) select.value = first.value;
      select.focus();
    }
  });
});
