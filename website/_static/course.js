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
