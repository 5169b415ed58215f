// The time-zone picker: typing in the search box keeps only the zones whose city, country,
// offset or old name (data-also: "Montreal" for Toronto) holds every word typed (accents and
// case ignored), each under its group (the person's country first, then by region), and
// picks the first one, the likeliest. While a search is typed, the select opens as a list
// of the zones found, so that they are seen without opening it; when nothing matches, the
// message next to it says so and the choice stays as it was.
const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
const ROWS = 8;

document.querySelectorAll("[data-zone-search]").forEach((input) => {
  const select = document.getElementById(input.dataset.zoneSearch);
  if (!select) return;
  const none = document.getElementById(input.dataset.zoneNone || "");
  const options = Array.from(select.options).map((option) => [
    option,
    fold([option.text, option.value.replace(/[_/]/g, " "), option.dataset.also || ""].join(" ")),
  ]);
  const groups = Array.from(select.querySelectorAll("optgroup"));
  const filter = () => {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    let first = null;
    let found = 0;
    for (const [option, text] of options) {
      const shown = words.every((word) => text.includes(word));
      option.hidden = !shown;
      if (shown) {
        found += 1;
        if (!first) first = option;
      }
    }
    let rows = found;
    for (const group of groups) {
      group.hidden = !Array.from(group.children).some((option) => !option.hidden);
      if (!group.hidden) rows += 1;
    }
    if (words.length && first) {
      select.value = first.value;
      select.size = Math.max(2, Math.min(ROWS, rows));
    } else {
      select.removeAttribute("size");
    }
    if (none) none.hidden = !words.length || found > 0;
  };
  input.addEventListener("input", filter);
  // Enter in the box picks the zone found rather than sending the form half-filled.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      select.focus();
    }
  });
});
