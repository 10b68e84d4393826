// On narrow screens Material's menu and search buttons are <label>s for hidden checkboxes,
// which Tab skips: keyboard users on phones or at high zoom could not open the menu.
// Make each one a real keyboard button that says whether its panel is open.
(() => {
  const names = { __drawer: "Menu", __search: "Search" };
  for (const label of document.querySelectorAll("label.md-header__button[for]")) {
    const toggle = document.getElementById(label.htmlFor);
    if (!toggle || label.hasAttribute("tabindex")) continue;
    label.setAttribute("tabindex", "0");
    label.setAttribute("role", "button");
    label.setAttribute("aria-label", names[label.htmlFor] || label.title || "Open");
    const sync = () => label.setAttribute("aria-expanded", String(toggle.checked));
    sync();
    toggle.addEventListener("change", sync);
    label.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        // Material's own window-level key handler closes the drawer on Enter; this key
        // press is ours.
        event.stopPropagation();
        label.click();
      }
    });
  }
})();
