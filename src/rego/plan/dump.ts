// Text form of the IR, for `evident build --dump-ir` and for reading plans in tests.
import type { Block, IRProgram, Operand, Stmt } from "./ir.js";

export function dumpIR(p: IRProgram): string {
  const out: string[] = [];
  const op = (o: Operand) => ("l" in o ? `l${o.l}` : `c${o.c}:${p.consts[o.c]?.text.slice(0, 40) ?? "?"}`);
  const block = (b: Block, ind: string) => {
    out.push(`${ind}block #${b.id}`);
    for (const s of b.stmts) stmt(s, ind + "  ");
  };
  const stmt = (s: Stmt, ind: string) => {
    switch (s.op) {
      case "block":
        for (const b of s.blocks) block(b, ind);
        return;
      case "scan":
        out.push(`${ind}scan ${op(s.src)} -> l${s.key}, l${s.value}`);
        block(s.body, ind + "  ");
        return;
      case "call": {
        const t = s.target;
        const name = t.kind === "host" ? `host:${t.builtin}#${t.id}` : `${t.kind}:${t.name}`;
        out.push(`${ind}l${s.dst} = call ${name}(${s.args.map(op).join(", ")})${s.total ? " total" : ""}`);
        return;
      }
      case "dot":
        out.push(`${ind}l${s.dst} = ${op(s.src)}[${op(s.key)}]`);
        return;
      case "break":
        out.push(`${ind}break #${s.target}`);
        return;
      default: {
        const { op: name, ...rest } = s;
        const args = Object.entries(rest)
          .map(([k, v]) => `${k}=${typeof v === "object" && v !== null && ("l" in v || "c" in v) ? op(v as Operand) : JSON.stringify(v)}`)
          .join(" ");
        out.push(`${ind}${name} ${args}`);
      }
    }
  };
  for (const c of p.consts.map((c, i) => `c${i} = ${c.text}`)) out.push(c);
  for (const e of p.entrypoints) out.push(`entrypoint ${e.name} -> ${e.func}`);
  for (const f of p.funcs) {
    out.push("");
    out.push(`func ${f.name} (params ${f.params}, locals ${f.locals}${f.memo ? ", memo" : ""})  # ${f.origin}`);
    block(f.body, "  ");
  }
  return out.join("\n");
}
