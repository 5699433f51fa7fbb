// @ts-check
// SVG bar charts drawn from report rows, with no external scripts. Pure functions returning SVG
// markup (colours as presentation attributes, which the pages' CSP allows), so node --test can
// check them. Every bar carries data-key/data-series/data-value and a <title> with its number.

/** Escapes text for SVG/HTML markup. @param {unknown} s */
export function escapeXML(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] || c);
}

/** A round upper bound for the value axis: 1, 2, 5 × 10^n. @param {number} max */
export function niceMax(max) {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/**
 * Stacked vertical bars, one per row (hours, days).
 * @param {{key: string, label: string, [k: string]: any}[]} rows
 * @param {{series: {key: string, label: string, color: string}[], title: string, width?: number, height?: number, labelEvery?: number}} options
 */
export function columnChart(rows, options) {
  const width = options.width ?? 720, height = options.height ?? 240;
  const left = 44, right = 8, top = 12, bottom = 40;
  const plotW = width - left - right, plotH = height - top - bottom;
  const totals = rows.map((r) => options.series.reduce((sum, s) => sum + (r[s.key] || 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const slot = rows.length ? plotW / rows.length : plotW;
  const barW = Math.max(1, slot * 0.75);
  const every = options.labelEvery ?? Math.max(1, Math.ceil(rows.length / 16));
  let out = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeXML(options.title)}" data-max="${max}">`;
  out += `<title>${escapeXML(options.title)}</title>`;
  for (const fraction of [0, 0.5, 1]) {
    const y = top + plotH - fraction * plotH;
    out += `<line x1="${left}" x2="${width - right}" y1="${y}" y2="${y}" stroke="#c9d2dc" stroke-width="1"/>`;
    out += `<text x="${left - 6}" y="${y + 4}" text-anchor="end" font-size="11" fill="#5a6878">${max * fraction}</text>`;
  }
  rows.forEach((row, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    let base = top + plotH;
    for (const s of options.series) {
      const value = row[s.key] || 0;
      const h = (value / max) * plotH;
      if (value > 0) {
        out += `<rect class="bar" x="${x.toFixed(1)}" y="${(base - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${s.color}" data-key="${escapeXML(row.key)}" data-series="${s.key}" data-value="${value}"><title>${escapeXML(row.label)}: ${value} ${escapeXML(s.label.toLowerCase())}</title></rect>`;
      }
      base -= h;
    }
    if (i % every === 0) {
      out += `<text x="${(x + barW / 2).toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle" font-size="11" fill="#1b1f24">${escapeXML(shortLabel(row.label))}</text>`;
    }
  });
  out += legend(options.series, left, height - 8);
  return out + "</svg>";
}

/**
 * Stacked horizontal bars, one per row (agents, queues, call types), labels on the left.
 * @param {{key: string, label: string, [k: string]: any}[]} rows
 * @param {{series: {key: string, label: string, color: string}[], title: string, width?: number}} options
 */
export function barChart(rows, options) {
  const width = options.width ?? 720, rowH = 26, top = 8, left = 170, right = 60;
  const height = top + Math.max(1, rows.length) * rowH + 30;
  const plotW = width - left - right;
  const totals = rows.map((r) => options.series.reduce((sum, s) => sum + (r[s.key] || 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  let out = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeXML(options.title)}" data-max="${max}">`;
  out += `<title>${escapeXML(options.title)}</title>`;
  rows.forEach((row, i) => {
    const y = top + i * rowH;
    out += `<text x="${left - 8}" y="${y + 17}" text-anchor="end" font-size="12" fill="#1b1f24">${escapeXML(truncate(row.label, 24))}</text>`;
    let x = left;
    for (const s of options.series) {
      const value = row[s.key] || 0;
      const w = (value / max) * plotW;
      if (value > 0) {
        out += `<rect class="bar" x="${x.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${s.color}" data-key="${escapeXML(row.key)}" data-series="${s.key}" data-value="${value}"><title>${escapeXML(row.label)}: ${value} ${escapeXML(s.label.toLowerCase())}</title></rect>`;
      }
      x += w;
    }
    out += `<text x="${(x + 6).toFixed(1)}" y="${y + 17}" font-size="12" fill="#1b1f24">${totals[i]}</text>`;
  });
  out += legend(options.series, left, height - 8);
  return out + "</svg>";
}

/** @param {{key: string, label: string, color: string}[]} series @param {number} x @param {number} y */
function legend(series, x, y) {
  let out = "";
  series.forEach((s, i) => {
    const lx = x + i * 120;
    out += `<rect x="${lx}" y="${y - 10}" width="12" height="12" fill="${s.color}"/><text x="${lx + 16}" y="${y}" font-size="12" fill="#1b1f24">${escapeXML(s.label)}</text>`;
  });
  return out;
}

/** Day keys "2026-11-21" show as "11-21"; others as they are. @param {string} label */
function shortLabel(label) {
  return /^\d{4}-\d{2}-\d{2}$/.test(label) ? label.slice(5) : label.replace(/:00$/, "");
}

/** @param {string} s @param {number} n */
function truncate(s, n) {
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}
