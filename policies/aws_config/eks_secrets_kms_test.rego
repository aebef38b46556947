package evident.checks.aws_config.eks_secrets_kms_test

import data.evident.checks.aws_config.eks_secrets_kms as check

cluster(conf) := {"configurationItemStatus": "OK", "resourceType": "AWS::EKS::Cluster", "resourceName": "ml", "configuration": conf}

test_missing_fires if {
	count(check.violation) == 1 with input as cluster({"Name": "ml"})
}

test_secrets_encrypted_passes if {
	count(check.violation) == 0 with input as cluster({"EncryptionConfig": [{"Resources": ["secrets"], "Provider": {"KeyArn": "arn:aws:kms:eu-west-1:111122223333:key/1"}}]})
	count(check.violation) == 0 with input as cluster({"encryptionConfig": [{"resources": ["secrets"], "provider": {"keyArn": "arn"}}]})
}
