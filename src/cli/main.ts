#!/usr/bin/env node
// The `evident` command: wiring only. Each subcommand parses flags and calls a stage.
import { Command, Option } from "commander";
import { registerCompilerCommands } from "./compiler-commands.js";
import { registerEvidenceCommands } from "./evidence-commands.js";
import { registerPoliciesCommand } from "./policies-command.js";
import { registerScanCommand } from "./scan-command.js";
import { registerScannerCommand } from "./scanner-command.js";
import { registerWebhookCommand } from "./webhook-command.js";
import { runAction } from "./errors.js";

const program = new Command();
program
  .name("evident")
  .description("Policy-as-code compliance for GxP (21 CFR Part 11, EU GMP Annex 11) and HIPAA, with signed evidence")
  .version(process.env.npm_package_version ?? "0.1.0")
  .addOption(new Option("--no-color", "disable colours"))
  .showHelpAfterError();

registerScanCommand(program);
registerCompilerCommands(program);
registerPoliciesCommand(program);
registerEvidenceCommands(program);
registerWebhookCommand(program);
registerScannerCommand(program);

program.parseAsync(process.argv).catch((e: unknown) => runAction.report(e));
