# METADATA
# title: EKS envelope-encrypts Kubernetes Secrets
# description: An AWS::EKS::Cluster has an EncryptionConfig entry whose Resources include "secrets" (with a Provider.KeyArn).
# custom:
#   id: CFG-EKS-SECRETS-KMS
#   severity: medium
#   controls: ["hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(c)(1)", "hipaa:164.312(e)(2)(ii)", "gxp-annex11:7.1"]
#   remediation: Associate a KMS key for secrets encryption (aws eks associate-encryption-config --encryption-config '[{"resources":["secrets"],"provider":{"keyArn":"<key ARN>"}}]'); it cannot be removed afterwards.
#   kinds: [aws-config]
package evident.checks.aws_config.eks_secrets_kms

import data.evident.lib.aws_config as cfg

violation contains {
	"msg": sprintf("EKS cluster %q does not envelope-encrypt Kubernetes Secrets with KMS; associate an encryption config for \"secrets\"", [cfg.name]),
	"path": "configuration.EncryptionConfig",
} if {
	cfg.resource_type == "AWS::EKS::Cluster"
	not secrets_encrypted
}

secrets_encrypted if {
	some e in cfg.as_array(cfg.conf(["EncryptionConfig"]))
	"secrets" in cfg.as_array(cfg.field(e, "Resources"))
}
