// The time-zone picker: typing in the search box keeps only the zones whose city, country
// or offset holds every word typed (accents and case ignored), and picks the first one.
const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

document.querySelectorAll("[data-zone-search]").forEach((input) => {
  const select = document.getElementById(input.dataset.zoneSearch);
  if (!select) return;
  const options = Array.from(select.options).map((option) => [option, fold(option.text)]);
  input.addEventListener("input", () => {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    let first = null;
    for (const [option, text] of options) {
      const shown = words.every((word) => text.includes(word));
      option.hidden = !shown;
      if (shown && !first) first = option;
    }
    select.querySelectorAll("optgroup").forEach((group) => {
      group.hidden = !Array.from(group.children).some((option) => !option.hidden);
    });
    if (first && words.length) select.value = first.value;
  });
});
