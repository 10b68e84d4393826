// The few things the site's pages do in the browser, in place of Material's 34 KB (gzip)
// bundle: the colour-scheme toggle, the menu button on narrow screens, the reference
// previews on citations and footnotes, the back-to-top button, the table of contents that
// follows the reader, and opening search (whose code, search.js, loads only then).
// Plain script, no dependencies; every page loads it at the end of <body>.
(() => {
  const body = document.body;
  const base = new URL("../../", document.currentScript.src); // the site's root

  // Colour scheme. Material's inline script in <head> has already applied the saved choice;
  // this keeps the toggle working and saves the reader's choice the same way (__md_set), so
  // Material's restore script reads it on the next page.
  const palette = document.querySelector("[data-md-component=palette]");
  if (palette) {
    const inputs = [...palette.querySelectorAll("input[name=__palette]")];
    const system = matchMedia("(prefers-color-scheme: light)");
    const colours = (input) => {
      if (input.dataset.mdColorMedia !== "(prefers-color-scheme)") return input;
      const wanted = system.matches ? "light" : "dark";
      return palette.querySelector(`[data-md-color-media='(prefers-color-scheme: ${wanted})']`);
    };
    const apply = (input) => {
      const source = colours(input) || input;
      for (const key of ["media", "scheme", "primary", "accent"]) {
        body.setAttribute(`data-md-color-${key}`, source.getAttribute(`data-md-color-${key}`));
      }
      for (const label of palette.querySelectorAll("label")) {
        label.hidden = label !== input.nextElementSibling;
      }
    };
    const saved = typeof __md_get === "function" ? __md_get("__palette") : null;
    const current =
      inputs[saved?.index] ||
      inputs.find((input) => matchMedia(input.dataset.mdColorMedia).matches) ||
      inputs[0];
    if (current) {
      current.checked = true;
      apply(current);
    }
    palette.addEventListener("change", (event) => {
      const input = event.target;
      apply(input);
      __md_set("__palette", {
        index: inputs.indexOf(input),
        color: {
          media: input.dataset.mdColorMedia,
          scheme: input.dataset.mdColorScheme,
          primary: input.dataset.mdColorPrimary,
          accent: input.dataset.mdColorAccent,
        },
      });
    });
    system.addEventListener("change", () => {
      const input = inputs.find((each) => each.checked);
      if (input) apply(input);
    });
    // Keyboard: the focused option switches on Enter or Space, like a button.
    palette.addEventListener("keydown", (event) => {
      if (event.target.name !== "__palette" || !["Enter", " "].includes(event.key)) return;
      event.preventDefault();
      const next = document.getElementById(event.target.nextElementSibling?.htmlFor || "");
      if (next) {
        next.checked = true;
        next.dispatchEvent(new Event("change", { bubbles: true }));
        next.focus();
      }
    });
  }

  // Material's drawer and search toggles are checkboxes; a browser restoring form state on
  // reload (Firefox) would reopen them. Material kept them out of it with autocomplete="off",
  // which HTML does not allow on a checkbox (hardening/theme_markup.py drops it): this script
  // runs after the restoring and closes them, as the attribute did.
  document.querySelectorAll("input.md-toggle[data-md-toggle]").forEach((toggle) => {
    toggle.checked = false;
  });

  // Menu on narrow screens: a real button that opens Material's drawer (a checkbox and CSS),
  // moves focus into it, and closes it again with Escape.
  const drawer = document.getElementById("__drawer");
  const menuButton = document.querySelector("[data-drawer-button]");
  if (drawer && menuButton) {
    const sync = () => menuButton.setAttribute("aria-expanded", String(drawer.checked));
    drawer.addEventListener("change", sync);
    menuButton.addEventListener("click", () => {
      drawer.checked = !drawer.checked;
      sync();
      if (drawer.checked) {
        const first = document.querySelector(".md-sidebar--primary a.md-nav__link");
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && drawer.checked) {
        drawer.checked = false;
        sync();
        menuButton.focus();
      }
    });
    sync();
  }

  // Reference previews: hovering or focusing a citation or footnote link shows what it
  // points to, in Material's tooltip style. Escape or moving away closes it (WCAG 1.4.13).
  let tooltip = null;
  let hideTimer = 0;
  const hideTooltip = () => {
    if (!tooltip) return;
    tooltip.host.removeAttribute("aria-describedby");
    tooltip.element.remove();
    tooltip = null;
  };
  const showTooltip = (link) => {
    clearTimeout(hideTimer);
    if (tooltip?.host === link) return;
    hideTooltip();
    const id = decodeURIComponent(link.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    const element = document.createElement("div");
    element.className = "md-tooltip2 md-tooltip2--bottom reference-preview";
    element.id = "__tooltip";
    const inner = document.createElement("div");
    inner.className = "md-tooltip2__inner md-typeset";
    for (const child of target.children) inner.append(child.cloneNode(true));
    for (const extra of inner.querySelectorAll(".footnote-backref, .backlinks")) extra.remove();
    for (const withId of inner.querySelectorAll("[id]")) withId.removeAttribute("id");
    element.append(inner);
    const box = link.getBoundingClientRect();
    element.style.setProperty("--md-tooltip-host-x", `${box.left + scrollX}px`);
    element.style.setProperty("--md-tooltip-host-y", `${box.bottom + scrollY}px`);
    element.style.setProperty("--md-tooltip-x", `${box.width / 2}px`);
    element.style.setProperty("--md-tooltip-y", "8px");
    element.addEventListener("mouseenter", () => clearTimeout(hideTimer));
    element.addEventListener("mouseleave", () => scheduleHide());
    body.append(element);
    link.setAttribute("aria-describedby", element.id);
    tooltip = { host: link, element };
    requestAnimationFrame(() => element.classList.add("md-tooltip2--active"));
  };
  const scheduleHide = () => {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hideTooltip, 150);
  };
  for (const link of document.querySelectorAll("article a.footnote-ref")) {
    link.addEventListener("mouseenter", () => showTooltip(link));
    link.addEventListener("focus", () => showTooltip(link));
    link.addEventListener("mouseleave", scheduleHide);
    link.addEventListener("blur", scheduleHide);
  }
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hideTooltip();
  });

  // Back to top: shown while the reader scrolls up, far enough down the page.
  const top = document.querySelector("[data-md-component=top]");
  // Table of contents: marks the section being read.
  const tocLinks = [...document.querySelectorAll(".md-nav--secondary a.md-nav__link")];
  const headings = tocLinks
    .map((link) => document.getElementById(decodeURIComponent(link.hash.slice(1))))
    .filter(Boolean);
  let lastY = scrollY;
  let queued = false;
  const onScroll = () => {
    queued = false;
    const y = scrollY;
    if (top) top.hidden = !(y < lastY && y > 400);
    lastY = y;
    if (!headings.length) return;
    const offset = (document.querySelector(".md-header")?.offsetHeight || 0) + 16;
    let current = headings[0];
    for (const heading of headings) {
      if (heading.getBoundingClientRect().top - offset <= 0) current = heading;
    }
    for (const link of tocLinks) {
      const active = decodeURIComponent(link.hash.slice(1)) === current.id;
      link.classList.toggle("md-nav__link--active", active);
    }
  };
  addEventListener(
    "scroll",
    () => {
      if (!queued) requestAnimationFrame(onScroll);
      queued = true;
    },
    { passive: true },
  );
  if (top) {
    top.addEventListener("click", () => {
      top.hidden = true;
      top.blur();
      scrollTo({ top: 0 });
    });
  }
  onScroll();

  // Printing shows the contents of every collapsed <details> box.
  addEventListener("beforeprint", () => {
    for (const details of document.querySelectorAll("article details:not([open])")) {
      details.setAttribute("open", "");
      details.dataset.printOpened = "";
    }
  });
  addEventListener("afterprint", () => {
    for (const details of document.querySelectorAll("[data-print-opened]")) {
      details.removeAttribute("open");
      delete details.dataset.printOpened;
    }
  });

  // Search: the header's button, or / or s anywhere outside a text field, loads search.js
  // (once) and opens the dialog. Nothing of search downloads before that.
  const searchButton = document.querySelector("[data-search-button]");
  let searchModule = null;
  const openSearch = () => {
    searchModule ||= import(new URL("assets/javascripts/search.js", base).href);
    searchModule.then((search) => search.open(base, searchButton));
  };
  if (searchButton) {
    searchButton.addEventListener("click", openSearch);
    document.addEventListener("keydown", (event) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key !== "/" && event.key !== "s") return;
      const field = event.target.closest?.("input, textarea, select, [contenteditable]");
      if (field || document.querySelector("dialog[open]")) return;
      event.preventDefault();
      openSearch();
    });
  }
})();
