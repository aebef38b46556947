# METADATA
# title: A SageMaker notebook instance was created or updated insecurely
# description: |
#   A successful CreateNotebookInstance with direct internet access (directInternetAccess absent
#   means Enabled) or without a KMS key, or a Create/UpdateNotebookInstance with root access enabled
#   (absent on create means Enabled).
# custom:
#   id: CT-SAGEMAKER-NOTEBOOK-INSECURE
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(a)(1)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(c)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.10(k)", "gxp-part11:11.30", "gxp-annex11:7.1", "gxp-annex11:12.1"]
#   remediation: "Create notebook instances in a private subnet with directInternetAccess Disabled, rootAccess Disabled and a customer-managed kmsKeyId (instances cannot be changed in place for network access or encryption: recreate them); prefer SageMaker Studio in VPC-only mode."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.sagemaker_notebook_insecure

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": path} if {
	some r in ct.records
	ct.call(r, "sagemaker.amazonaws.com", {"CreateNotebookInstance", "UpdateNotebookInstance"})
	p := ct.params(r)
	some path, problem in _problems(ct.event_name(r), p)
	msg := sprintf("%s: notebook instance %q %s", [ct.describe(r), object.get(p, "notebookInstanceName", "?"), problem])
}

_problems("CreateNotebookInstance", p) := {path: problem |
	some path, problem in {
		"requestParameters.directInternetAccess": "has direct internet access; create it in a private subnet with directInternetAccess Disabled",
		"requestParameters.kmsKeyId": "has no customer-managed KMS key for its storage volume; set kmsKeyId",
		"requestParameters.rootAccess": "gives users root access; set rootAccess Disabled",
	}
	_fails(path, p, true)
}

_problems("UpdateNotebookInstance", p) := {"requestParameters.rootAccess": "now gives users root access; set rootAccess Disabled"} if {
	_fails("requestParameters.rootAccess", p, false)
}

_fails("requestParameters.directInternetAccess", p, _) if object.get(p, "directInternetAccess", "Enabled") != "Disabled"

_fails("requestParameters.kmsKeyId", p, _) if object.get(p, "kmsKeyId", "") == ""

_fails("requestParameters.rootAccess", p, true) if object.get(p, "rootAccess", "Enabled") != "Disabled"

_fails("requestParameters.rootAccess", p, false) if p.rootAccess == "Enabled"
