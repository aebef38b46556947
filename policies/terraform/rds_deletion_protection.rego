# METADATA
# title: Databases holding regulated records have deletion protection
# description: |
#   Regulated aws_db_instance and aws_rds_cluster (classified phi/gxp, or unclassified while
#   treat_unclassified_as_regulated is on) set deletion_protection = true and do not skip the final
#   snapshot (skip_final_snapshot = true). Aurora cluster members are judged on their cluster.
# custom:
#   id: TF-RDS-DELETION-PROTECTION
#   severity: medium
#   controls: ["hipaa:164.308(a)(7)(ii)(A)", "hipaa:164.312(a)(2)(ii)", "gxp-part11:11.10(a)", "gxp-part11:11.10(c)", "gxp-annex11:7.2", "gxp-annex11:16"]
#   remediation: Set deletion_protection = true and skip_final_snapshot = false (with final_snapshot_identifier) on the database.
#   kinds: [terraform]
package evident.checks.terraform.rds_deletion_protection

import data.evident.lib.terraform as tf

dbs contains r if {
	some typ in ["aws_db_instance", "aws_rds_cluster"]
	some r in tf.by_type[typ]
	tf.regulated(r)
	not tf.non_empty(tf.value(r, ["cluster_identifier"]))
	not tf.unknown(r, ["cluster_identifier"])
}

violation contains {
	"msg": sprintf("database %s has no deletion protection; set deletion_protection = true", [r]),
	"resource": r,
	"path": "after.deletion_protection",
} if {
	some r in dbs
	not tf.is_true(tf.value(r, ["deletion_protection"]))
	not tf.unknown(r, ["deletion_protection"])
}

violation contains {
	"msg": sprintf("database %s skips the final snapshot when deleted; set skip_final_snapshot = false and a final_snapshot_identifier", [r]),
	"resource": r,
	"path": "after.skip_final_snapshot",
} if {
	some r in dbs
	tf.is_true(tf.value(r, ["skip_final_snapshot"]))
}
