// What the accessibility tests measure in a page: axe-core's violations,
// the smallest text, the targets under a size, the widest line.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's violations in the page (evaluated by the browser's tools, so
 * the page's Content-Security-Policy does not apply). `aaa`: the enhanced
 * contrast rule (7:1) too.
 */
export async function axeViolations(page, { aaa = false } = {}) {
  await page.evaluate(axeSource);
  return page.evaluate(async (aaa) => {
    const result = await window.axe.run(document, {
      resultTypes: ['violations'],
      rules: { 'color-contrast-enhanced': { enabled: aaa } },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`.trim()),
    }));
  }, aaa);
}

/** The page's measurements: the app's body text size and line height,
 * text under `minText` px, targets under `minTarget` px either way, and
 * whether anything scrolls sideways. */
export async function measure(page, { minText = 18, minTarget = 60 } = {}) {
  return page.evaluate(({ minText, minTarget }) => {
    const visible = (el) => {
      if (el.closest('.gk-visually-hidden, [hidden], #gk-first')) return false;
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    const root = document.querySelector('.gk');
    const rootStyle = getComputedStyle(root);
    const small = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const el = node.parentElement;
      if (!visible(el)) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < minText - 0.01) small.push(`${el.tagName.toLowerCase()}.${el.className} ${size}px "${node.textContent.trim().slice(0, 20)}"`);
    }
    // Targets: every control, and every link but one inside a sentence
    // (WCAG 2.5.8's inline exception). A radio or check box is its label,
    // which takes the press for it.
    const tiny = [];
    for (const el of root.querySelectorAll('a[href], button, select, input, textarea, summary, [role=switch]')) {
      let target = el;
      if (el.matches('input[type=radio], input[type=checkbox]')) {
        target = el.closest('label') ?? (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) ?? el;
      }
      if (!visible(target)) continue;
      if (el.tagName === 'A') {
        const parent = el.parentElement;
        const inSentence = parent && parent.textContent.trim().length > el.textContent.trim().length + 1 && getComputedStyle(el).display === 'inline';
        if (inSentence) continue;
      }
      const r = target.getBoundingClientRect();
      if (Math.round(r.width) < minTarget || Math.round(r.height) < minTarget) {
        tiny.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.width)}×${Math.round(r.height)} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 16)}"`);
      }
    }
    const grid = document.querySelector('.gk-home__grid, .gk-board__grid');
    return {
      bodyText: parseFloat(rootStyle.fontSize),
      lineHeight: parseFloat(rootStyle.lineHeight) / parseFloat(rootStyle.fontSize),
      small,
      tiny,
      columns: grid ? getComputedStyle(grid).gridTemplateColumns.split(' ').length : null,
      scrollWidth: document.documentElement.scrollWidth,
      width: window.innerWidth,
    };
  }, { minText, minTarget });
}
