// The live preview's page script (no tag names in it: page.py finds the page's own): follow the watcher's renders without reloading.
//
// The server sends `reload` (with the new render's generation) over
// server-sent events. The page then fetches itself again and swaps in only
// the parts of the body that differ (down to the children of each section), so
// the stylesheets and the fonts stay loaded, the sections that did not change
// keep their layout and decoded images, and the scroll stays where it was.
// When the stylesheets differ (a CSS edit changes their ?v=), it reloads
// instead. `status` events bring the toolbar's PDF part.
(() => {
  const key = "pitch-preview-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    addEventListener("load", () => scrollTo(0, Number(saved)));
  }
  const events = new EventSource("/events?generation=GENERATION");
  let shown = GENERATION, wanted = GENERATION, updating = false, status = null;

  const styles = (doc) => [doc.documentElement.className, ...Array.from(
    doc.querySelectorAll("link[rel=stylesheet], style"),
    (element) => element.outerHTML)].join("\n");

  const reload = () => {
    sessionStorage.setItem(key, String(scrollY));
    events.close();
    location.reload();
  };

  const sameAttributes = (old, next) => old.attributes.length === next.attributes.length
    && Array.from(old.attributes).every((a) => next.getAttribute(a.name) === a.value);

  // Make `old` (in this page) look like `next` (fetched): keep equal children, patch
  // differing ones of the same element `depth` levels down, replace the rest.
  const patch = (old, next, depth) => {
    const before = Array.from(old.childNodes), after = Array.from(next.childNodes);
    if (depth === 0 || before.length !== after.length || !sameAttributes(old, next)) {
      old.replaceWith(document.adoptNode(next));
      return;
    }
    before.forEach((child, index) => {
      const wanted = after[index];
      if (child.isEqualNode(wanted)) return;
      if (child.nodeType === Node.ELEMENT_NODE && child.nodeName === wanted.nodeName) {
        patch(child, wanted, depth - 1);
      } else {
        child.replaceWith(document.adoptNode(wanted));
      }
    });
  };

  const showStatus = () => {
    const shownStatus = document.getElementById("pitch-preview-status");
    if (shownStatus && status !== null) shownStatus.innerHTML = status;
  };

  const swap = async () => {
    const response = await fetch(location.pathname, {cache: "no-store"});
    if (!response.ok) throw new Error(String(response.status));
    const next = new DOMParser().parseFromString(await response.text(), "text/html");
    if (styles(next) !== styles(document)) return false;
    document.title = next.title;
    document.documentElement.lang = next.documentElement.lang;
    patch(document.body, next.body, 3);
    showStatus();
    return true;
  };

  const update = async () => {
    if (updating) return;
    updating = true;
    try {
      while (shown !== wanted) {
        const generation = wanted;
        if (!(await swap())) return reload();
        shown = generation;
      }
    } catch (error) {
      return reload();
    } finally {
      updating = false;
    }
  };

  events.addEventListener("reload", (event) => {
    wanted = Number(event.data);
    update();
  });
  events.addEventListener("status", (event) => {
    status = event.data;
    showStatus();
  });
  addEventListener("pagehide", () => events.close());
})();
