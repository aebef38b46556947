# METADATA
# title: Backup vaults for regulated data are locked and plans keep backups long enough
# description: |
#   Every regulated aws_backup_vault (classified phi/gxp, or unclassified while
#   treat_unclassified_as_regulated is on) has an aws_backup_vault_lock_configuration joined to it
#   (backup_vault_name through input.references, or the known vault name) with min_retention_days of
#   at least min_backup_retention_days (default 35); every aws_backup_plan rule keeps recovery points
#   at least that long (lifecycle.delete_after; unset = kept forever).
# custom:
#   id: TF-BACKUP-VAULT-LOCK
#   severity: medium
#   controls: ["hipaa:164.308(a)(7)(i)", "hipaa:164.308(a)(7)(ii)(A)", "hipaa:164.308(a)(7)(ii)(B)", "hipaa:164.308(a)(7)(ii)(C)", "hipaa:164.310(d)(2)(iv)", "hipaa:164.312(a)(2)(ii)", "gxp-part11:11.10(a)", "gxp-part11:11.30", "gxp-annex11:4.8", "gxp-annex11:5", "gxp-annex11:7.2", "gxp-annex11:16", "gxp-annex11:17"]
#   remediation: Add aws_backup_vault_lock_configuration { backup_vault_name = aws_backup_vault.<name>.name, min_retention_days = 35, changeable_for_days = 3 } (compliance mode once the grace period ends), encrypt the vault with kms_key_arn, and set rule.lifecycle.delete_after >= 35 in aws_backup_plan.
#   kinds: [terraform]
package evident.checks.terraform.backup_vault_lock

import data.evident.lib.terraform as tf

lock := "aws_backup_vault_lock_configuration"

violation contains {
	"msg": sprintf("backup vault %s is not locked, so recovery points can be deleted manually; add an aws_backup_vault_lock_configuration%s", [v, tf.unresolved_note(lock)]),
	"resource": v,
} if {
	some v in tf.by_type.aws_backup_vault
	tf.regulated(v)
	not tf.companions[[v, lock]]
}

violation contains {
	"msg": sprintf("vault lock %s lets recovery points be deleted after %d days; set min_retention_days to at least %d", [l, days, tf.min_backup_retention_days]),
	"resource": l,
	"path": "after.min_retention_days",
} if {
	some l in tf.by_type[lock]
	days := tf.value(l, ["min_retention_days"])
	days < tf.min_backup_retention_days
}

violation contains {
	"msg": sprintf("backup plan %s rule %q deletes recovery points after %d days; keep them at least %d days", [p, object.get(rule, "rule_name", i), days, tf.min_backup_retention_days]),
	"resource": p,
	"path": sprintf("after.rule[%d].lifecycle[0].delete_after", [i]),
} if {
	some p in tf.by_type.aws_backup_plan
	some i, rule in tf.after(p).rule
	days := rule.lifecycle[0].delete_after
	is_number(days)
	days < tf.min_backup_retention_days
}
