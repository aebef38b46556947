# METADATA
# title: SageMaker endpoint configurations encrypt volumes and captured data
# description: An AWS::SageMaker::EndpointConfig has a KmsKeyId (unless every production variant is serverless), and when DataCaptureConfig.EnableCapture is true, DataCaptureConfig.KmsKeyId is set (captured payloads contain PHI).
# custom:
#   id: CFG-SAGEMAKER-ENDPOINT-CONFIG-KMS
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(c)", "gxp-part11:11.30", "gxp-annex11:7.1"]
#   remediation: Create a new endpoint configuration with KmsKeyId and DataCaptureConfig.KmsKeyId set to customer-managed keys and update the endpoint to use it.
#   kinds: [aws-config]
package evident.checks.aws_config.sagemaker_endpoint_config_kms

import data.evident.lib.aws_config as cfg

endpoint_config if cfg.resource_type == "AWS::SageMaker::EndpointConfig"

violation contains {
	"msg": sprintf("SageMaker endpoint configuration %q does not encrypt its instance volumes with KMS; set KmsKeyId", [cfg.name]),
	"path": "configuration.KmsKeyId",
} if {
	endpoint_config
	not all_serverless
	not cfg.customer_key(cfg.conf(["KmsKeyId"]))
}

violation contains {
	"msg": sprintf("SageMaker endpoint configuration %q captures requests and responses without a KMS key; set DataCaptureConfig.KmsKeyId", [cfg.name]),
	"path": "configuration.DataCaptureConfig.KmsKeyId",
} if {
	endpoint_config
	cfg.is_true(cfg.conf(["DataCaptureConfig", "EnableCapture"]))
	not cfg.customer_key(cfg.conf(["DataCaptureConfig", "KmsKeyId"]))
}

all_serverless if {
	variants := cfg.as_array(cfg.conf(["ProductionVariants"]))
	count(variants) > 0
	every v in variants {
		is_object(cfg.field(v, "ServerlessConfig"))
	}
}
