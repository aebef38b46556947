# METADATA
# title: SageMaker notebooks have no direct internet access and no root
# description: An AWS::SageMaker::NotebookInstance has DirectInternetAccess "Disabled", a SubnetId, and RootAccess "Disabled" (both default to Enabled).
# custom:
#   id: CFG-SAGEMAKER-NOTEBOOK-NO-DIRECT-INTERNET
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(c)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.10(k)", "gxp-annex11:12.1"]
#   remediation: Recreate the notebook instance in a private subnet with DirectInternetAccess Disabled (it cannot be changed in place) and update it with --root-access Disabled.
#   kinds: [aws-config]
package evident.checks.aws_config.sagemaker_notebook_no_direct_internet

import data.evident.lib.aws_config as cfg

notebook if cfg.resource_type == "AWS::SageMaker::NotebookInstance"

violation contains {
	"msg": sprintf("SageMaker notebook %q %s", [cfg.name, problem]),
	"path": sprintf("configuration.%s", [field]),
} if {
	notebook
	some field, problem in {
		"DirectInternetAccess": "has direct internet access; recreate it with DirectInternetAccess Disabled in a private subnet",
		"RootAccess": "gives users root; set RootAccess to Disabled",
	}
	not cfg.conf([field]) == "Disabled"
}

violation contains {
	"msg": sprintf("SageMaker notebook %q does not run in a VPC subnet; recreate it with a SubnetId", [cfg.name]),
	"path": "configuration.SubnetId",
} if {
	notebook
	not cfg.non_empty(cfg.conf(["SubnetId"]))
}
