// `evident policies list`: every check with severity, input kinds and controls, read from METADATA of
// a bundle's Rego sources (--bundle) or of Rego files (--policies, default the shipped library).
import { type Command, Option } from "commander";
import { POLICY_LIST_FORMATS, renderPolicies, type PolicyListFormat } from "../report/policies.js";
import { runAction } from "./errors.js";
import { loadChecks } from "./policy-source.js";

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

export function registerPoliciesCommand(program: Command): void {
  const policies = program.command("policies").description("the policy library");
  policies
    .command("list")
    .description("list every check with severity, input kinds and controls (from METADATA)")
    .addOption(new Option("-f, --format <format>", "output format").choices([...POLICY_LIST_FORMATS]).default("table"))
    .option("--bundle <file>", "read the checks of this bundle")
    .option("--policies <dir>", "read the checks of these Rego files/directories (repeatable; default: the shipped library)", collect)
    .action(
      runAction(async (o: { format: PolicyListFormat; bundle?: string; policies?: string[] }) => {
        const checks = await loadChecks({ ...(o.bundle ? { bundle: o.bundle } : {}), policies: o.policies ?? [] });
        process.stdout.write(renderPolicies(o.format, checks));
        return 0;
      }),
    );
}
