// A table wider than its box scrolls sideways inside its .table-responsive wrapper;
// keyboard users must be able to reach and scroll it too (WCAG 2.1.1). Such a wrapper
// gets a tab stop, and, when its table has a caption, the role and name of a region (not
// the heading of the section around it: that section is already the region of that name).
// A wrapper that does not scroll stays out of the tab order.
(() => {
  const nameOf = (wrapper) => {
    const caption = wrapper.querySelector("caption");
    return caption ? caption.textContent.trim() : "";
  };
  const update = () => {
    document.querySelectorAll(".table-responsive").forEach((wrapper) => {
      const scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
      if (scrolls && !wrapper.hasAttribute("tabindex")) {
        wrapper.tabIndex = 0;
        wrapper.dataset.scrollRegion = "";
        const name = nameOf(wrapper);
        if (name) {
          wrapper.setAttribute("role", "region");
          wrapper.setAttribute("aria-label", name);
        }
      } else if (!scrolls && "scrollRegion" in wrapper.dataset) {
        wrapper.removeAttribute("tabindex");
        wrapper.removeAttribute("role");
        wrapper.removeAttribute("aria-label");
        delete wrapper.dataset.scrollRegion;
      }
    });
  };
  update();
  window.addEventListener("resize", update);
})();
