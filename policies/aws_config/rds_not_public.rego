# METADATA
# title: RDS instances are private, protected from deletion and backed up
# description: An AWS::RDS::DBInstance is not publiclyAccessible, has deletionProtection true, and keeps automated backups (backupRetentionPeriod of at least min_rds_backup_retention_days, default 7).
# custom:
#   id: CFG-RDS-NOT-PUBLIC
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.308(a)(7)(i)", "hipaa:164.308(a)(7)(ii)(A)", "hipaa:164.308(a)(7)(ii)(B)", "hipaa:164.308(a)(7)(ii)(C)", "hipaa:164.312(a)(1)", "hipaa:164.312(a)(2)(ii)", "gxp-part11:11.10(a)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.10(k)", "gxp-annex11:4.8", "gxp-annex11:5", "gxp-annex11:7.1", "gxp-annex11:7.2", "gxp-annex11:12.1", "gxp-annex11:16", "gxp-annex11:17"]
#   remediation: Modify the instance with --no-publicly-accessible (in private subnets), --deletion-protection and --backup-retention-period 7 or more.
#   kinds: [aws-config]
package evident.checks.aws_config.rds_not_public

import data.evident.lib.aws_config as cfg
import data.evident.lib.terraform as tf

is_instance if cfg.resource_type == "AWS::RDS::DBInstance"

violation contains {
	"msg": sprintf("%s is publicly accessible; turn publicly accessible off and keep it in private subnets", [cfg.display]),
	"path": "configuration.publiclyAccessible",
} if {
	is_instance
	cfg.is_true(cfg.conf(["publiclyAccessible"]))
}

violation contains {
	"msg": sprintf("%s has no deletion protection; turn deletion protection on", [cfg.display]),
	"path": "configuration.deletionProtection",
} if {
	is_instance
	not cfg.is_true(cfg.conf(["deletionProtection"]))
}

violation contains {
	"msg": sprintf("%s keeps automated backups %d days; set the backup retention period to at least %d", [cfg.display, days, tf.min_rds_backup_retention_days]),
	"path": "configuration.backupRetentionPeriod",
} if {
	is_instance
	days := cfg.conf(["backupRetentionPeriod"])
	days < tf.min_rds_backup_retention_days
}
