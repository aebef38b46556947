// The offline report rendered in headless Chromium (Debian's chromium, installed by
// scripts/ensure-chromium.sh): no network at all, signer and period on the first screen, the numbers of
// every control as the signed predicate says, and a screenshot under test/out/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";
import { CATALOG, ROOT } from "../shared.js";
import { openEvidenceLog, openLogReader } from "../../src/evidence/log.js";
import { exportEvidence, type ExportResult } from "../../src/evidence/export.js";
import { readTarGz } from "../../src/evidence/archive.js";
import { DECISIONS } from "../../src/evidence/record.js";
import { ed25519Signer, sampleInput, tempDir } from "./helpers.js";

const tmp = tempDir("evident-report-");
const OUT = join(ROOT, "test/out");
let ctx: BrowserContext;
let exported: ExportResult;
let htmlPath: string;
const requests: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  execFileSync("bash", [join(ROOT, "scripts/ensure-chromium.sh")], { stdio: "inherit" });
  const signer = ed25519Signer();
  const dir = join(tmp.dir, "log");
  const log = await openEvidenceLog({ backend: "file", dir, chain: "webhook-replica-a", signer, checkpoint: { every: 50 } });
  const t0 = Date.UTC(2026, 5, 1);
  for (let i = 0; i < 400; i++) await log.append(sampleInput(i, { time: new Date(t0 + i * 1.5 * 3600_000) }));
  await log.close();
  exported = await exportEvidence({
    from: new Date(t0).toISOString(),
    to: new Date(t0 + 28 * 86400_000).toISOString(),
    out: join(tmp.dir, "evidence.tar.gz"),
    reader: await openLogReader({ backend: "file", dir }),
    signer,
    signerName: "Acme Pharma QA (release signer)",
    catalogPath: CATALOG,
    title: "Evident evidence: June 2026",
  });
  const { files } = await readTarGz(join(tmp.dir, "evidence.tar.gz"));
  htmlPath = join(tmp.dir, "index.html");
  writeFileSync(htmlPath, files.get("index.html")!);
  ctx = await chromium.launchPersistentContext(join(tmp.dir, "chromium-profile"), {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    viewport: { width: 1280, height: 900 },
    offline: true,
  });
  await ctx.route("**/*", (route) => {
    const url = route.request().url();
    requests.push(url);
    return url.startsWith("file://") ? route.continue() : route.abort();
  });
}, 600_000);

afterAll(async () => {
  await ctx?.close();
  tmp.cleanup();
});

describe("offline HTML report in headless Chromium", () => {
  it("shows signer, period and every control's numbers, with no network, and saves a screenshot", async () => {
    const page = await ctx.newPage();
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    page.on("pageerror", (e) => consoleErrors.push(e.message));
    await page.goto(pathToFileURL(htmlPath).href);
    await page.waitForLoadState("load");

    // signer and period on the first screen
    const p = exported.predicate;
    const signer = page.locator("#signer");
    const period = page.locator("#period");
    await expect.poll(() => signer.textContent()).toContain("Acme Pharma QA (release signer)");
    expect(await signer.textContent()).toContain(p.signer.keyId);
    expect(await period.textContent()).toBe(`${p.period.from} → ${p.period.to}`);
    for (const el of [signer, period]) {
      const box = (await el.boundingBox())!;
      expect(box.y + box.height).toBeLessThan(900);
    }
    expect(await page.locator('[data-total="records"]').textContent()).toBe(String(p.totals.records));
    expect(await page.locator('[data-total="failures"]').textContent()).toBe(String(p.totals.failures));

    // per control: the row's numbers are the signed predicate's
    const rows = page.locator("#controls tbody tr");
    expect(await rows.count()).toBe(p.controls.length);
    for (const c of p.controls) {
      const cells = await page.locator(`#controls td[data-control="${c.control}"]`).allTextContents();
      expect(cells, c.control).toEqual([String(c.evaluated), ...DECISIONS.map((d) => String(c.decisions[d])), String(c.failures), String(c.waived)]);
    }
    // a control with failures and waived findings shows them, with the justification, and a trend chart
    const ctl = p.controls.find((c) => c.control === "hipaa:164.308(a)(3)(i)")!;
    expect(ctl.failures).toBeGreaterThan(0);
    expect(ctl.waived).toBeGreaterThan(0);
    const section = page.locator("section.ctl", { has: page.locator("h2", { hasText: "hipaa:164.308(a)(3)(i)" }) });
    const text = (await section.textContent())!;
    expect(text).toContain(`Failures (${ctl.failures})`);
    expect(text).toContain(`Waived findings (${ctl.waived})`);
    expect(text).toContain("vendor agent needs host access until 2027");
    expect(await section.locator("svg rect").count()).toBeGreaterThan(5);

    // the inline script runs under the page's CSP: filtering hides other controls
    await page.fill("#filter", "gxp-part11:11.10(d)");
    expect(await rows.evaluateAll((trs) => trs.filter((tr) => (tr as unknown as { style: { display: string } }).style.display !== "none").length)).toBe(1);
    await page.fill("#filter", "");

    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: join(OUT, "evidence-report.png") });
    await page.screenshot({ path: join(OUT, "evidence-report-full.png"), fullPage: true });
    expect(requests.every((u) => u.startsWith("file://"))).toBe(true);
    expect(requests).toHaveLength(1); // the page itself: no stylesheet, script, font or image fetched
    expect(consoleErrors).toEqual([]);
  });
});
