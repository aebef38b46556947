package evident.checks.aws_config.s3_public_access_block_test

import data.evident.checks.aws_config.s3_public_access_block as check

all_on := {"blockPublicAcls": true, "ignorePublicAcls": true, "blockPublicPolicy": true, "restrictPublicBuckets": true}

bucket(sup) := {"configurationItemStatus": "OK", "resourceType": "AWS::S3::Bucket", "resourceName": "b", "configuration": {}, "supplementaryConfiguration": sup}

test_missing_block_fires_once if {
	count(check.violation) == 1 with input as bucket({})
}

test_one_flag_off_fires if {
	vs := check.violation with input as bucket({"PublicAccessBlockConfiguration": object.union(all_on, {"ignorePublicAcls": false})})
	count(vs) == 1
	some v in vs
	v.path == "supplementaryConfiguration.PublicAccessBlockConfiguration.ignorePublicAcls"
}

test_all_on_passes if {
	count(check.violation) == 0 with input as bucket({"PublicAccessBlockConfiguration": all_on})
	count(check.violation) == 0 with input as bucket({"PublicAccessBlockConfiguration": json.marshal(all_on)})
}

test_account_block_setting if {
	count(check.violation) == 0 with input as bucket({}) with data.evident.config.account_public_access_block as true
}

test_account_item if {
	acct := {"configurationItemStatus": "OK", "resourceType": "AWS::S3::AccountPublicAccessBlock", "accountId": "111122223333", "configuration": object.union(all_on, {"BlockPublicPolicy": false, "blockPublicPolicy": null})}
	count(check.violation) == 1 with input as acct
	count(check.violation) == 0 with input as object.union(acct, {"configuration": all_on})
}
