# METADATA
# title: EFS file systems are encrypted and backed up
# description: An AWS::EFS::FileSystem has Encrypted true (with a KmsKeyId) and BackupPolicy.Status "ENABLED".
# custom:
#   id: CFG-EFS-ENCRYPTED
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.308(a)(7)(i)", "hipaa:164.308(a)(7)(ii)(A)", "hipaa:164.308(a)(7)(ii)(B)", "hipaa:164.308(a)(7)(ii)(C)", "hipaa:164.312(a)(2)(ii)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.30", "gxp-annex11:4.8", "gxp-annex11:5", "gxp-annex11:7.1", "gxp-annex11:7.2", "gxp-annex11:16", "gxp-annex11:17"]
#   remediation: Encryption at rest can only be chosen at creation; create an encrypted file system and copy the data (AWS DataSync), and turn on automatic backups (aws efs put-backup-policy --backup-policy Status=ENABLED).
#   kinds: [aws-config]
package evident.checks.aws_config.efs_encrypted

import data.evident.lib.aws_config as cfg

fs if cfg.resource_type == "AWS::EFS::FileSystem"

violation contains {
	"msg": sprintf("EFS file system %q is not encrypted at rest; create an encrypted file system and move the data", [cfg.name]),
	"path": "configuration.Encrypted",
} if {
	fs
	not cfg.is_true(cfg.conf(["Encrypted"]))
}

violation contains {
	"msg": sprintf("EFS file system %q has no automatic backups; set BackupPolicy Status to ENABLED", [cfg.name]),
	"path": "configuration.BackupPolicy.Status",
} if {
	fs
	not cfg.conf(["BackupPolicy", "Status"]) == "ENABLED"
}
