# METADATA
# title: Customer-managed KMS keys are enabled, not pending deletion, and rotating
# description: An AWS::KMS::Key with keyManager CUSTOMER is not in keyState PendingDeletion, PendingReplicaDeletion or Disabled, and (symmetric encryption keys) has supplementaryConfiguration.KeyRotationStatus true.
# custom:
#   id: CFG-KMS-PENDING-DELETION
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(c)(1)", "gxp-part11:11.10(c)", "gxp-part11:11.30", "gxp-part11:11.70", "gxp-annex11:7.1", "gxp-annex11:17"]
#   remediation: Cancel the scheduled deletion (aws kms cancel-key-deletion) and re-enable the key (aws kms enable-key) unless every record it protects has been re-encrypted; enable automatic rotation (aws kms enable-key-rotation).
#   kinds: [aws-config]
package evident.checks.aws_config.kms_pending_deletion

import data.evident.lib.aws_config as cfg

customer_key if {
	cfg.resource_type == "AWS::KMS::Key"
	cfg.conf(["keyManager"]) == "CUSTOMER"
}

violation contains {
	"msg": sprintf("customer-managed KMS key %q is %s%s; data encrypted with it becomes unreadable, cancel the deletion / re-enable the key", [cfg.name, state, when]),
	"path": "configuration.keyState",
} if {
	customer_key
	state := cfg.conf(["keyState"])
	state in {"PendingDeletion", "PendingReplicaDeletion", "Disabled"}
	when := deletion_note
}

default deletion_note := ""

deletion_note := sprintf(" (deletion date %v)", [d]) if d := cfg.conf(["deletionDate"])

violation contains {
	"msg": sprintf("customer-managed KMS key %q does not rotate automatically; enable key rotation", [cfg.name]),
	"path": "supplementaryConfiguration.KeyRotationStatus",
} if {
	customer_key
	object.get(cfg.configuration, "keySpec", object.get(cfg.configuration, "customerMasterKeySpec", "SYMMETRIC_DEFAULT")) == "SYMMETRIC_DEFAULT"
	object.get(cfg.configuration, "keyUsage", "ENCRYPT_DECRYPT") == "ENCRYPT_DECRYPT"
	not cfg.is_true(cfg.supp(["KeyRotationStatus"]))
}
