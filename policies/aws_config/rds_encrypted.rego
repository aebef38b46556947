# METADATA
# title: RDS instances and clusters encrypt storage
# description: An AWS::RDS::DBInstance or AWS::RDS::DBCluster has configuration.storageEncrypted true.
# custom:
#   id: CFG-RDS-ENCRYPTED
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(c)(1)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(c)", "gxp-part11:11.30", "gxp-annex11:7.1"]
#   remediation: Encryption cannot be turned on in place; snapshot the database, copy the snapshot with a customer-managed KMS key, restore from the encrypted copy and cut over.
#   kinds: [aws-config]
package evident.checks.aws_config.rds_encrypted

import data.evident.lib.aws_config as cfg

violation contains {
	"msg": sprintf("%s does not encrypt its storage; restore it from an encrypted snapshot copy with a customer-managed KMS key", [cfg.display]),
	"path": "configuration.storageEncrypted",
} if {
	cfg.resource_type in {"AWS::RDS::DBInstance", "AWS::RDS::DBCluster"}
	not cfg.is_true(cfg.conf(["storageEncrypted"]))
}
