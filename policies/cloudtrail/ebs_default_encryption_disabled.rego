# METADATA
# title: EBS encryption by default was disabled
# description: |
#   A successful DisableEbsEncryptionByDefault: new EBS volumes (and the volumes of new nodes and
#   SageMaker instances) in the region are no longer encrypted unless each request asks for it.
# custom:
#   id: CT-EBS-DEFAULT-ENCRYPTION-DISABLED
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(c)(1)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(c)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.30", "gxp-annex11:7.1"]
#   remediation: "Re-enable it (aws ec2 enable-ebs-encryption-by-default in the region, with the CMK as default key) from infrastructure code (aws_ebs_encryption_by_default), and deny ec2:DisableEbsEncryptionByDefault with an SCP."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.ebs_default_encryption_disabled

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": "eventName"} if {
	some r in ct.records
	ct.call(r, "ec2.amazonaws.com", {"DisableEbsEncryptionByDefault"})
	msg := sprintf("%s disabled EBS encryption by default in region %s; enable it again", [ct.describe(r), object.get(r, "awsRegion", "?")])
}
