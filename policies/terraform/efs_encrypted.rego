# METADATA
# title: EFS file systems are encrypted at rest and backed up
# description: Every aws_efs_file_system sets encrypted = true (a value unknown until apply passes), and has an aws_efs_backup_policy joined to it (file_system_id through input.references, or the known id) with backup_policy.status "ENABLED".
# custom:
#   id: TF-EFS-ENCRYPTED
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.308(a)(7)(i)", "hipaa:164.308(a)(7)(ii)(A)", "hipaa:164.308(a)(7)(ii)(B)", "hipaa:164.308(a)(7)(ii)(C)", "hipaa:164.310(d)(2)(iv)", "hipaa:164.312(a)(2)(ii)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10", "gxp-part11:11.10(a)", "gxp-part11:11.10(c)", "gxp-part11:11.10(d)", "gxp-part11:11.10(e)", "gxp-part11:11.10(g)", "gxp-part11:11.30", "gxp-annex11:4.8", "gxp-annex11:5", "gxp-annex11:7.1", "gxp-annex11:7.2", "gxp-annex11:16", "gxp-annex11:17"]
#   remediation: Set encrypted = true and kms_key_id (a new file system is needed for an existing unencrypted one), and add aws_efs_backup_policy { file_system_id = aws_efs_file_system.<name>.id, backup_policy { status = "ENABLED" } }.
#   kinds: [terraform]
package evident.checks.terraform.efs_encrypted

import data.evident.lib.terraform as tf

bp := "aws_efs_backup_policy"

violation contains {
	"msg": sprintf("EFS file system %s is not encrypted at rest; set encrypted = true with a customer-managed kms_key_id", [r]),
	"resource": r,
	"path": "after.encrypted",
} if {
	some r in tf.by_type.aws_efs_file_system
	not tf.is_true(tf.value(r, ["encrypted"]))
	not tf.unknown(r, ["encrypted"])
}

violation contains {
	"msg": sprintf("EFS file system %s has no automatic backups; add an aws_efs_backup_policy with status \"ENABLED\"%s", [r, tf.unresolved_note(bp)]),
	"resource": r,
} if {
	some r in tf.by_type.aws_efs_file_system
	not backed_up(r)
}

backed_up(r) if {
	some p in tf.companions[[r, bp]]
	status := tf.value(p, ["backup_policy", 0, "status"])
	status == "ENABLED"
}

backed_up(r) if {
	some p in tf.companions[[r, bp]]
	tf.unknown(p, ["backup_policy"])
}
