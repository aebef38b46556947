# METADATA
# title: Databases keep automated backups long enough
# description: |
#   aws_db_instance and aws_rds_cluster keep automated backups at least min_rds_backup_retention_days
#   (default 7; 0 disables backups). Aurora cluster members and read replicas are judged on their
#   cluster / source. A value unknown until apply passes.
# custom:
#   id: TF-RDS-BACKUP-RETENTION
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.308(a)(7)(i)", "hipaa:164.308(a)(7)(ii)(A)", "hipaa:164.308(a)(7)(ii)(B)", "hipaa:164.308(a)(7)(ii)(C)", "hipaa:164.310(d)(2)(iv)", "hipaa:164.312(a)(2)(ii)", "gxp-part11:11.10", "gxp-part11:11.10(a)", "gxp-part11:11.10(c)", "gxp-part11:11.10(e)", "gxp-annex11:4.8", "gxp-annex11:5", "gxp-annex11:7.1", "gxp-annex11:7.2", "gxp-annex11:16", "gxp-annex11:17"]
#   remediation: Set backup_retention_period to at least 7 (or what the backup SOP requires, up to 35) and copy_tags_to_snapshot = true; use AWS Backup for longer retention.
#   kinds: [terraform]
package evident.checks.terraform.rds_backup_retention

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("database %s keeps automated backups %d days; set backup_retention_period to at least %d", [r, days, tf.min_rds_backup_retention_days]),
	"resource": r,
	"path": "after.backup_retention_period",
} if {
	some typ in ["aws_db_instance", "aws_rds_cluster"]
	some r in tf.by_type[typ]
	not derived(r)
	days := tf.value(r, ["backup_retention_period"])
	days < tf.min_rds_backup_retention_days
}

derived(r) if tf.non_empty(tf.value(r, ["cluster_identifier"]))

derived(r) if tf.unknown(r, ["cluster_identifier"])

derived(r) if tf.non_empty(tf.value(r, ["replicate_source_db"]))
