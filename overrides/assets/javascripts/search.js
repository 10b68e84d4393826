// Site search, loaded by site.js the first time a reader opens search: the dialog in
// partials/search.html, its stylesheet, and Pagefind's index of the built site (pagefind/,
// written after the build by connection_series.search). Pagefind fetches only the parts of
// the index that the typed words need, so what search downloads grows slowly with the site.
const MAX_RESULTS = 10;

let ready = null;

function setUp(base, opener) {
  const dialog = document.querySelector("[data-search-dialog]");
  const form = dialog.querySelector("[data-search-form]");
  const input = dialog.querySelector("input[type=search]");
  const status = dialog.querySelector("[data-search-status]");
  const list = dialog.querySelector("[data-search-results]");

  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = new URL("assets/stylesheets/search.css", base).href;
  const styled = new Promise((resolve) => {
    style.onload = style.onerror = resolve;
  });
  document.head.append(style);

  const engine = import(new URL("pagefind/pagefind.js", base).href).then(async (pagefind) => {
    await pagefind.options({ baseUrl: base.pathname, excerptLength: 24 });
    await pagefind.init();
    return pagefind;
  });

  let latest = 0;
  const show = async () => {
    const query = input.value.trim();
    const asked = ++latest;
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    const pagefind = await engine;
    const search = await pagefind.debouncedSearch(query, {}, 150);
    if (search === null || asked !== latest) return; // a newer query replaced this one
    const pages = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (asked !== latest) return;
    list.replaceChildren(...pages.map(resultItem));
    const count = search.results.length;
    status.textContent =
      count === 0 ? "No matching pages" : count === 1 ? "1 matching page" : `${count} matching pages`;
  };

  input.addEventListener("input", show);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    list.querySelector("a")?.focus();
  });
  dialog.querySelector("[data-search-close]").addEventListener("click", () => dialog.close());
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) {
      const box = dialog.getBoundingClientRect();
      const inside =
        event.clientX >= box.left &&
        event.clientX <= box.right &&
        event.clientY >= box.top &&
        event.clientY <= box.bottom;
      if (!inside) dialog.close();
    }
  });
  // Escape closes the dialog at once (in a search field the browser would first only clear
  // the text); focus then goes back to what opened it.
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      dialog.close();
    }
  });
  dialog.addEventListener("close", () => opener?.focus());
  return { dialog, input, styled };
}

// One result: the page's title as a link and Pagefind's excerpt, with the matched words
// marked. The excerpt comes from our own pages; only its text and <mark> elements are kept.
function resultItem(page) {
  const item = document.createElement("li");
  item.className = "site-search__result";
  const link = document.createElement("a");
  link.href = page.url;
  link.textContent = page.meta?.title || page.url;
  const excerpt = document.createElement("p");
  const parsed = document.createElement("template");
  parsed.innerHTML = page.excerpt || "";
  for (const node of parsed.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      excerpt.append(mark);
    } else {
      excerpt.append(document.createTextNode(node.textContent));
    }
  }
  item.append(link, excerpt);
  return item;
}

export async function open(base, opener) {
  ready ||= setUp(base, opener);
  const { dialog, input, styled } = ready;
  await styled;
  if (!dialog.open) dialog.showModal();
  input.focus();
  input.select();
}
