# METADATA
# title: SageMaker notebook volumes use a KMS key
# description: An AWS::SageMaker::NotebookInstance has a KmsKeyId for its storage volume.
# custom:
#   id: CFG-SAGEMAKER-NOTEBOOK-KMS
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(c)", "gxp-part11:11.30", "gxp-annex11:7.1"]
#   remediation: Recreate the notebook instance with KmsKeyId set to a customer-managed key (the key cannot be added in place); move notebooks through an encrypted S3 bucket or Git.
#   kinds: [aws-config]
package evident.checks.aws_config.sagemaker_notebook_kms

import data.evident.lib.aws_config as cfg

violation contains {
	"msg": sprintf("SageMaker notebook %q stores its volume without a customer-managed KMS key; recreate it with KmsKeyId", [cfg.name]),
	"path": "configuration.KmsKeyId",
} if {
	cfg.resource_type == "AWS::SageMaker::NotebookInstance"
	not cfg.customer_key(cfg.conf(["KmsKeyId"]))
}
