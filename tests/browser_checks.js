// Run in the page by tests/test_report_browser.py: what a reader would see go wrong.
// Returns {overflow, headings, broken}: the page's width beyond the viewport, each topic heading with its
// box, and every Hangul word that a line break cuts (two Hangul characters of one source word, the second
// starting a new line).
() => {
  const hangul = /[\uAC00-\uD7A3\u3131-\u318E]/;
  const blockOf = (node) => {
    let el = node.parentElement;
    // Only plain inline boxes continue a word: an inline-block (a tag, a money line) is a box of its own.
    while (el && getComputedStyle(el).display === "inline") el = el.parentElement;
    return el;
  };
  const chars = [];  // every visible character in document order: {ch, top, height, block, node}
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const block = blockOf(node);
    const text = node.data;
    for (let i = 0; i < text.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rects = range.getClientRects();
      if (!rects.length) { chars.push({ch: " ", block}); continue; }  // collapsed white space
      chars.push({ch: text[i], top: rects[0].top, height: rects[0].height, block});
    }
  }
  const broken = [];
  for (let i = 1; i < chars.length; i++) {
    const a = chars[i - 1], b = chars[i];
    if (a.block !== b.block || !hangul.test(a.ch) || !hangul.test(b.ch)) continue;
    if (b.top > a.top + a.height / 2) {
      const word = chars.slice(Math.max(0, i - 6), i + 6).map((c) => c.ch).join("");
      broken.push(word);
    }
  }
  const headings = [...document.querySelectorAll("[data-topic] h2")].map((h) => {
    const box = h.getBoundingClientRect();
    const style = getComputedStyle(h);
    return {text: h.textContent.trim(), left: box.left, right: box.right, width: box.width, height: box.height,
            visible: style.visibility !== "hidden" && style.display !== "none" && parseFloat(style.opacity) > 0};
  });
  return {overflow: document.documentElement.scrollWidth - window.innerWidth, headings, broken,
          width: window.innerWidth};
}
