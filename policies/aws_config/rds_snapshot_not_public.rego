# METADATA
# title: RDS snapshots are not public and are encrypted
# description: An AWS::RDS::DBSnapshot or AWS::RDS::DBClusterSnapshot does not share its "restore" attribute with "all" (supplementaryConfiguration.DBSnapshotAttributes / DBClusterSnapshotAttributes) and is encrypted (configuration.encrypted, or storageEncrypted for cluster snapshots).
# custom:
#   id: CFG-RDS-SNAPSHOT-NOT-PUBLIC
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(a)(1)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(c)(1)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(c)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.10(k)", "gxp-part11:11.30", "gxp-annex11:7.1", "gxp-annex11:12.1"]
#   remediation: Remove "all" from the snapshot's restore attribute (aws rds modify-db-snapshot-attribute --values-to-remove all) and share with specific accounts only; replace unencrypted snapshots with encrypted copies (copy-db-snapshot --kms-key-id) and delete the originals.
#   kinds: [aws-config]
package evident.checks.aws_config.rds_snapshot_not_public

import data.evident.lib.aws_config as cfg

attr_key := {"AWS::RDS::DBSnapshot": "DBSnapshotAttributes", "AWS::RDS::DBClusterSnapshot": "DBClusterSnapshotAttributes"}

violation contains {
	"msg": sprintf("%s can be restored by every AWS account (restore attribute shared with \"all\"); remove \"all\"", [cfg.display]),
	"path": sprintf("supplementaryConfiguration.%s[%d].attributeValues", [key, i]),
} if {
	key := attr_key[cfg.resource_type]
	some i, a in cfg.as_array(cfg.supp([key]))
	cfg.field(a, "attributeName") == "restore"
	"all" in cfg.as_array(cfg.field(a, "attributeValues"))
}

violation contains {
	"msg": sprintf("%s is not encrypted; copy it with a customer-managed KMS key and delete the unencrypted snapshot", [cfg.display]),
	"path": sprintf("configuration.%s", [field]),
} if {
	attr_key[cfg.resource_type]
	field := encrypted_field[cfg.resource_type]
	not cfg.is_true(cfg.conf([field]))
}

encrypted_field := {"AWS::RDS::DBSnapshot": "encrypted", "AWS::RDS::DBClusterSnapshot": "storageEncrypted"}
