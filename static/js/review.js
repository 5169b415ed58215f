// The review queue: one box ticks or clears every volunteer of the page.
document.querySelectorAll("[data-select-all]").forEach((master) => {
  const boxes = () => document.querySelectorAll(master.dataset.selectAll);
  master.addEventListener("change", () => {
    boxes().forEach((box) => { box.checked = master.checked; });
  });
});
