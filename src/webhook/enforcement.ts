// What a finding does at admission (Gatekeeper's enforcement actions): `deny` blocks the request, `warn`
// admits it with a warning to the user, `dryrun` admits it silently; all three are recorded as evidence.
// Rules are tried in order and the first whose matchers all match wins; otherwise `default` applies.
import { globMatch } from "../engine/exceptions.js";
import type { Finding } from "../engine/finding.js";
import { isWaived } from "../engine/finding.js";
import type { EnforcementAction, WebhookConfig } from "./config.js";

export function actionFor(cfg: WebhookConfig["enforcement"], f: Pick<Finding, "checkId" | "severity">, namespace: string): EnforcementAction {
  for (const r of cfg.rules) {
    if (r.checks && !r.checks.some((g) => globMatch(g, f.checkId))) continue;
    if (r.severities && !r.severities.includes(f.severity)) continue;
    if (r.namespaces && !r.namespaces.some((g) => globMatch(g, namespace))) continue;
    return r.action;
  }
  return cfg.default;
}

/** Why a request is exempt (never blocked), or undefined. Labels are the object's (or the old object's on DELETE). */
export function exemptionOf(cfg: WebhookConfig["exemptions"], namespace: string, labels: Record<string, unknown> | undefined): string | undefined {
  if (namespace) for (const g of cfg.namespaces) if (globMatch(g, namespace)) return `namespace ${namespace} matches ${g}`;
  if (labels) {
    for (const set of cfg.labels) {
      if (Object.entries(set).every(([k, v]) => labels[k] === v)) return `labels ${Object.entries(set).map(([k, v]) => `${k}=${v}`).join(",")}`;
    }
  }
  return undefined;
}

export interface Judged {
  finding: Finding;
  /** The enforcement action; "waived" when an active exception covers the finding. */
  action: EnforcementAction | "waived";
}

export function judge(findings: Finding[], cfg: WebhookConfig["enforcement"], namespace: string): Judged[] {
  return findings.map((finding) => ({ finding, action: isWaived(finding) ? "waived" : actionFor(cfg, finding, namespace) }));
}
