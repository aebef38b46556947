package evident.checks.terraform.eks_secrets_kms_test

import data.evident.checks.terraform.eks_secrets_kms as check
import data.evident.lib.terraform_testing as t

test_no_encryption_config_fires if {
	count(check.violation) == 1 with input as t.plan([t.rc("aws_eks_cluster.ml", "aws_eks_cluster", {"encryption_config": []})])
}

test_secrets_encrypted_passes if {
	c := t.rcu("aws_eks_cluster.ml", "aws_eks_cluster", {"encryption_config": [{"resources": ["secrets"], "provider": [{}]}]}, {"encryption_config": [{"provider": [{"key_arn": true}]}]})
	count(check.violation) == 0 with input as t.plan([c])
}
