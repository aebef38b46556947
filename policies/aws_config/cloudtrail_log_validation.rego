# METADATA
# title: CloudTrail trails validate log files and encrypt them with KMS
# description: An AWS::CloudTrail::Trail has configuration.logFileValidationEnabled true and a configuration.kmsKeyId.
# custom:
#   id: CFG-CLOUDTRAIL-LOG-VALIDATION
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.308(a)(5)(ii)(C)", "hipaa:164.308(a)(6)(ii)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(b)", "hipaa:164.312(c)(1)", "hipaa:164.312(c)(2)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(a)", "gxp-part11:11.10(c)", "gxp-part11:11.10(e)", "gxp-part11:11.30", "gxp-annex11:7.1", "gxp-annex11:9"]
#   remediation: Enable log file validation (aws cloudtrail update-trail --enable-log-file-validation) and encrypt the trail with a customer-managed KMS key (--kms-key-id).
#   kinds: [aws-config]
package evident.checks.aws_config.cloudtrail_log_validation

import data.evident.lib.aws_config as cfg

violation contains {
	"msg": sprintf("CloudTrail trail %q does not validate log file integrity; enable log file validation", [cfg.name]),
	"path": "configuration.logFileValidationEnabled",
} if {
	cfg.resource_type == "AWS::CloudTrail::Trail"
	not cfg.is_true(cfg.conf(["logFileValidationEnabled"]))
}

violation contains {
	"msg": sprintf("CloudTrail trail %q does not encrypt its log files with a KMS key; set a customer-managed KMS key", [cfg.name]),
	"path": "configuration.kmsKeyId",
} if {
	cfg.resource_type == "AWS::CloudTrail::Trail"
	not cfg.customer_key(cfg.conf(["kmsKeyId"]))
}
