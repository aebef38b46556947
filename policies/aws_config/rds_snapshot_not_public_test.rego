package evident.checks.aws_config.rds_snapshot_not_public_test

import data.evident.checks.aws_config.rds_snapshot_not_public as check

snap(conf, attrs) := {"configurationItem": {"configurationItemStatus": "OK", "resourceType": "AWS::RDS::DBSnapshot", "resourceId": "snap-1", "configuration": conf, "supplementaryConfiguration": {"DBSnapshotAttributes": attrs}}}

test_public_snapshot_fires if {
	vs := check.violation with input as snap({"encrypted": true}, [{"attributeName": "restore", "attributeValues": ["all"]}])
	count(vs) == 1
	some v in vs
	v.path == "supplementaryConfiguration.DBSnapshotAttributes[0].attributeValues"
}

test_unencrypted_fires if {
	count(check.violation) == 1 with input as snap({"encrypted": false}, [{"attributeName": "restore", "attributeValues": []}])
}

test_private_encrypted_passes if {
	count(check.violation) == 0 with input as snap({"encrypted": true}, [{"attributeName": "restore", "attributeValues": ["111122223333"]}])
	count(check.violation) == 0 with input as snap({"encrypted": true}, json.marshal([{"attributeName": "restore", "attributeValues": []}]))
}

test_cluster_snapshot if {
	ci := {"configurationItemStatus": "OK", "resourceType": "AWS::RDS::DBClusterSnapshot", "resourceId": "c", "configuration": {"storageEncrypted": false}, "supplementaryConfiguration": {"DBClusterSnapshotAttributes": [{"attributeName": "restore", "attributeValues": ["all"]}]}}
	count(check.violation) == 2 with input as ci
}
