package evident.checks.aws_config.ec2_imdsv2_test

import data.evident.checks.aws_config.ec2_imdsv2 as check

inst(conf) := {"invokingEvent": json.marshal({"messageType": "ConfigurationItemChangeNotification", "configurationItem": {"configurationItemStatus": "OK", "resourceType": "AWS::EC2::Instance", "resourceId": "i-1", "configuration": conf}})}

test_imdsv1_fires if {
	vs := check.violation with input as inst({"state": {"name": "running"}, "metadataOptions": {"httpTokens": "optional", "httpEndpoint": "enabled"}})
	count(vs) == 1
	some v in vs
	v.path == "configuration.metadataOptions.httpTokens"
}

test_public_ip_fires if {
	vs := check.violation with input as inst({"metadataOptions": {"httpTokens": "required"}, "networkInterfaces": [{"association": {"publicIp": "3.232.229.57"}}]})
	count(vs) == 1
	some v in vs
	v.path == "configuration.networkInterfaces[0].association.publicIp"
}

test_hardened_passes if {
	count(check.violation) == 0 with input as inst({"metadataOptions": {"httpTokens": "required"}, "networkInterfaces": [{"privateIpAddress": "10.0.0.5"}]})
	count(check.violation) == 0 with input as inst({"metadataOptions": {"httpEndpoint": "disabled"}})
}

test_terminated_skipped if {
	count(check.violation) == 0 with input as inst({"state": {"name": "terminated"}, "metadataOptions": {"httpTokens": "optional"}})
}
