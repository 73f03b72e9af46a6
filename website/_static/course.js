// Figures are drawn wider than the text column: a click shows one at full size, a second
// click (or Escape) closes it. Nothing is loaded: the image is the one already on the page.
document.addEventListener("DOMContentLoaded", () => {
  const close = () => document.querySelectorAll(".figure-zoom").forEach(el => el.remove());
  document.querySelectorAll(".cell_output img").forEach(img => {
    img.classList.add("zoomable");
    img.title = "Click to see the figure at full size";
    img.addEventListener("click", () => {
      const overlay = document.createElement("div");
      overlay.className = "figure-zoom";
      const big = document.createElement("img");
      big.src = img.src;
      big.alt = img.alt;
      overlay.appendChild(big);
      overlay.addEventListener("click", close);
      document.body.appendChild(overlay);
    });
  });
  document.addEventListener("keydown", event => { if (event.key === "Escape") close(); });
});

// Printing opens every fold (a solution, a result, hidden code) and closes them again after;
// course.css prints their content too where the browser prints closed folds.
(() => {
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = Array.from(document.querySelectorAll("details:not([open])"));
    opened.forEach(d => { d.open = true; });
  });
  window.addEventListener("afterprint", () => {
    opened.forEach(d => { d.open = false; });
    opened = [];
  });
})();

// On a narrow screen a display formula wider than the text column is typeset again with
// MathJax's automatic line breaks (off elsewhere: they split formulas in table cells), so it
// reads without a scrollbar of its own.
// It runs when the page has loaded and again when the window narrows (a phone turned upright).
function breakWideFormulas() {
  if (!window.MathJax || !MathJax.Hub) return;
  MathJax.Hub.Queue(() => {
    const wide = Array.from(document.querySelectorAll("div.math"))
        .filter(d => d.scrollWidth > d.clientWidth + 1);
    if (!wide.length) return;
    MathJax.Hub.Config({CommonHTML: {linebreaks: {automatic: true}}});
    wide.forEach(d => MathJax.Hub.Queue(["Rerender", MathJax.Hub, d]));
    MathJax.Hub.Queue(() => MathJax.Hub.Config({CommonHTML: {linebreaks: {automatic: false}}}));
  });
}
window.addEventListener("load", breakWideFormulas);
let resizing = null;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(breakWideFormulas, 150);
});
