# Helpers for the Terraform check tests: resource_changes entries and inputs in the shapes the engine
# produces ({plan, references}) and the raw `terraform show -json` shape.
package evident.lib.terraform_testing

# A managed resource being created, all values known.
rc(addr, typ, after) := change(addr, typ, ["create"], null, after, {})

# A managed resource being created, with after_unknown.
rcu(addr, typ, after, unknown) := change(addr, typ, ["create"], null, after, unknown)

# An existing resource left unchanged.
noop(addr, typ, after) := change(addr, typ, ["no-op"], after, after, {})

# A managed resource destroyed by the plan.
destroy(addr, typ, before) := change(addr, typ, ["delete"], before, null, {})

# A managed resource replaced by the plan.
replace(addr, typ, before, after) := change(addr, typ, ["delete", "create"], before, after, {})

change(addr, typ, actions, before, after, unknown) := {
	"address": addr,
	"mode": "managed",
	"type": typ,
	"name": "x",
	"change": {"actions": actions, "before": before, "after": after, "after_unknown": unknown},
}

# The normalised input, every address with empty references.
plan(rcs) := {"plan": {"format_version": "1.2", "resource_changes": rcs}, "references": {a: {} | some r in rcs; a := r.address}}

# The normalised input with resolved references ({address: {attribute: [address...]}}).
plan_refs(rcs, refs) := {"plan": {"format_version": "1.2", "resource_changes": rcs}, "references": object.union({a: {} | some r in rcs; a := r.address}, refs)}

# The raw `terraform show -json` document.
raw(rcs) := {"format_version": "1.2", "resource_changes": rcs}
