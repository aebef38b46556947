# METADATA
# title: EKS envelope-encrypts Kubernetes Secrets with KMS
# description: Every aws_eks_cluster has an encryption_config whose resources include "secrets", with a provider key_arn (a key unknown until apply passes).
# custom:
#   id: TF-EKS-SECRETS-KMS
#   severity: medium
#   controls: ["hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(c)(1)", "hipaa:164.312(e)(2)(ii)", "gxp-annex11:7.1"]
#   remediation: Add encryption_config { resources = ["secrets"], provider { key_arn = aws_kms_key.<name>.arn } } to the aws_eks_cluster.
#   kinds: [terraform]
package evident.checks.terraform.eks_secrets_kms

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("EKS cluster %s does not envelope-encrypt Kubernetes Secrets; add encryption_config with resources = [\"secrets\"] and a KMS key_arn", [r]),
	"resource": r,
	"path": "after.encryption_config",
} if {
	some r in tf.by_type.aws_eks_cluster
	not encrypts_secrets(r)
}

encrypts_secrets(r) if {
	some c in tf.after(r).encryption_config
	"secrets" in c.resources
}

encrypts_secrets(r) if tf.unknown(r, ["encryption_config"])
