// Copy buttons of the review queue: shown only where the clipboard API is available.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll("button.copy[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      const status = button.parentElement.querySelector(".copy-status");
      try {
        await navigator.clipboard.writeText(source.textContent);
        if (status) status.textContent = button.dataset.done;
      } catch (error) {
        if (status) status.textContent = String(error);
      }
    });
  }
});
