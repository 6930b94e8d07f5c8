// donorkit serve: the little script the pages use. Everything works without it (plain forms
// and links); it only saves clicks.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // A filter or brand change applies at once.
  for (const el of document.querySelectorAll("[data-autosubmit]")) {
    el.addEventListener("change", () => el.form.submit());
  }
  // Parts of a page that take a moment (PDF page images) load after the page.
  for (const slot of document.querySelectorAll("[data-fragment]")) {
    fetch(slot.dataset.fragment, { headers: { Accept: "text/html" } })
      .then((r) => r.text().then((html) => ({ ok: r.ok, html })))
      .then(({ ok, html }) => {
        if (ok) { slot.innerHTML = html; return; }
        const doc = new DOMParser().parseFromString(html, "text/html");
        const msg = doc.querySelector(".message");
        slot.innerHTML = "";
        const p = document.createElement("p");
        p.className = "notice notice-error";
        p.textContent = "The PDF could not be made: " + (msg ? msg.textContent : "unknown error");
        slot.appendChild(p);
      })
      .catch(() => { slot.textContent = "The page images could not be loaded."; });
  }
  // Narrow the builder's project list as one types; count the ticked ones.
  for (const input of document.querySelectorAll("[data-filter]")) {
    const list = document.querySelector(input.dataset.filter);
    input.addEventListener("input", () => {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      for (const li of list.children) {
        const text = li.textContent.toLowerCase();
        li.hidden = !words.every((w) => text.includes(w));
      }
    });
    list.addEventListener("change", () => {
      const counter = document.getElementById("ticked");
      if (counter) counter.textContent = list.querySelectorAll("input:checked").length;
    });
  }
});
