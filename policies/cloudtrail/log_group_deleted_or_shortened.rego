# METADATA
# title: An audit log group was deleted, shortened or decrypted
# description: |
#   A successful call on a CloudWatch Logs group matching audit_log_groups (CloudTrail, EKS
#   /aws/eks/*/cluster, RDS, Bedrock): DeleteLogGroup, PutRetentionPolicy below min_log_retention_days
#   (default 365), or DisassociateKmsKey.
# custom:
#   id: CT-LOG-GROUP-DELETED-OR-SHORTENED
#   severity: high
#   controls: ["hipaa:164.312(b)", "hipaa:164.312(c)(1)", "gxp-part11:11.10(c)", "gxp-part11:11.10(e)", "gxp-annex11:9"]
#   remediation: "Recreate the log group (or restore its retention to at least the policy minimum and its KMS key) from infrastructure code, investigate the change, and deny logs:DeleteLogGroup/PutRetentionPolicy/DisassociateKmsKey on audit log groups outside break-glass."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.log_group_deleted_or_shortened

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": "requestParameters.logGroupName"} if {
	some r in ct.records
	ct.call(r, "logs.amazonaws.com", {"DeleteLogGroup"})
	name := ct.params(r).logGroupName
	ct.audit_log_group(name)
	msg := sprintf("%s deleted audit log group %q and the records in it; recreate it, restore from the archive and investigate", [ct.describe(r), name])
}

violation contains {"msg": msg, "path": "requestParameters.retentionInDays"} if {
	some r in ct.records
	ct.call(r, "logs.amazonaws.com", {"PutRetentionPolicy"})
	p := ct.params(r)
	ct.audit_log_group(p.logGroupName)
	days := ct.number(p.retentionInDays)
	days < ct.min_log_retention_days
	msg := sprintf("%s cut the retention of audit log group %q to %d days (policy minimum %d); set retentionInDays to at least %d", [ct.describe(r), p.logGroupName, days, ct.min_log_retention_days, ct.min_log_retention_days])
}

violation contains {"msg": msg, "path": "requestParameters.logGroupName"} if {
	some r in ct.records
	ct.call(r, "logs.amazonaws.com", {"DisassociateKmsKey"})
	name := ct.params(r).logGroupName
	ct.audit_log_group(name)
	msg := sprintf("%s removed the customer-managed KMS key of audit log group %q; associate the key again (logs associate-kms-key)", [ct.describe(r), name])
}
