// The report page's SVG charts: bars sized to their values on a round axis, text escaped.
import test from "node:test";
import assert from "node:assert/strict";
import { columnChart, barChart, niceMax, escapeXML } from "../Sources/SwitchboardHTTP/Public/admin/charts.js";

const series = [{ key: "answered", label: "Answered", color: "#1f7a4d" }, { key: "missed", label: "Missed", color: "#d08c00" }];

/** The bars of an SVG string: key, series, value and height (or width). */
function bars(svg) {
  return [...svg.matchAll(/<rect class="bar" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*data-key="([^"]*)" data-series="(\w+)" data-value="(\d+)"/g)]
    .map((m) => ({ x: +m[1], y: +m[2], width: +m[3], height: +m[4], key: m[5], series: m[6], value: +m[7] }));
}

test("the value axis ends on a round number", () => {
  assert.deepEqual([0, 1, 3, 7, 10, 11, 99, 120, 4300].map(niceMax), [1, 1, 5, 10, 10, 20, 100, 200, 5000]);
});

test("column bars are as tall as their values, stacked per row", () => {
  const rows = [{ key: "09", label: "09:00", answered: 40, missed: 10 }, { key: "10", label: "10:00", answered: 20, missed: 0 }];
  const svg = columnChart(rows, { series, title: "Calls by hour", height: 240 });
  assert.match(svg, /data-max="50"/);
  const b = bars(svg);
  assert.deepEqual(b.map((x) => [x.key, x.series, x.value]), [["09", "answered", 40], ["09", "missed", 10], ["10", "answered", 20]]);
  const plot = 240 - 12 - 40;
  assert.equal(b[0].height, +(40 / 50 * plot).toFixed(1));
  assert.equal(b[2].height * 2, b[0].height);
  assert.ok(Math.abs(b[1].y + b[1].height - b[0].y) < 0.11, "missed sits on top of answered");
});

test("horizontal bars are as wide as their values and labels are escaped", () => {
  const svg = barChart([{ key: "a", label: "<Ada & co>", answered: 3, missed: 1 }, { key: "b", label: "Bob", answered: 2 }], { series, title: "By agent" });
  const b = bars(svg);
  assert.equal(b[0].width / b[2].width, 1.5);
  assert.ok(svg.includes("&lt;Ada &amp; co&gt;") && !svg.includes("<Ada"));
  assert.equal(escapeXML(`"'`), "&quot;&#39;");
});
