# METADATA
# title: Secrets Manager secrets rotate automatically
# description: |
#   Every aws_secretsmanager_secret has an aws_secretsmanager_secret_rotation joined to it (secret_id
#   through input.references, or the known secret id/ARN/name), or the deprecated inline rotation
#   rules, rotating at most every max_secret_rotation_days (default 90): automatically_after_days, or a
#   schedule_expression rate(N days); cron schedules pass.
# custom:
#   id: TF-SECRETS-ROTATION
#   severity: medium
#   controls: ["hipaa:164.308(a)(4)(ii)(C)", "hipaa:164.308(a)(5)(ii)(D)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.300(b)"]
#   remediation: Add aws_secretsmanager_secret_rotation { secret_id = aws_secretsmanager_secret.<name>.id, rotation_lambda_arn = ..., rotation_rules { automatically_after_days = 30 } } (or use RDS-managed master user secrets, which rotate themselves).
#   kinds: [terraform]
package evident.checks.terraform.secrets_rotation

import data.evident.lib.terraform as tf

rot := "aws_secretsmanager_secret_rotation"

violation contains {
	"msg": sprintf("secret %s does not rotate automatically; add an aws_secretsmanager_secret_rotation rotating at most every %d days%s", [s, tf.max_secret_rotation_days, tf.unresolved_note(rot)]),
	"resource": s,
} if {
	some s in tf.by_type.aws_secretsmanager_secret
	not tf.companions[[s, rot]]
	not inline_rotation(s)
}

violation contains {
	"msg": sprintf("%s rotates secret %s every %d days; rotate at least every %d days", [r, s, days, tf.max_secret_rotation_days]),
	"resource": r,
	"path": path,
} if {
	some s in tf.by_type.aws_secretsmanager_secret
	some r in tf.companions[[s, rot]]
	some [path, days] in intervals(r)
	days > tf.max_secret_rotation_days
}

intervals(r) := {["after.rotation_rules[0].automatically_after_days", d] | d := tf.value(r, ["rotation_rules", 0, "automatically_after_days"])} | {["after.rotation_rules[0].schedule_expression", d] |
	e := tf.value(r, ["rotation_rules", 0, "schedule_expression"])
	startswith(e, "rate(")
	parts := split(trim_suffix(trim_prefix(e, "rate("), ")"), " ")
	d := days_of(to_number(parts[0]), trim_suffix(parts[1], "s"))
}

days_of(n, "day") := n

days_of(n, "hour") := n / 24

inline_rotation(s) if tf.is_true(tf.value(s, ["rotation_enabled"]))

inline_rotation(s) if count(object.get(tf.after(s), "rotation_rules", [])) > 0
