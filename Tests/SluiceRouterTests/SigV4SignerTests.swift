import Foundation
import SluiceSQS
import Testing

/// The signer against cases of AWS's published Signature Version 4 test suite (credentials `AKIDEXAMPLE`,
/// region `us-east-1`, service `service`, 2015-08-30T12:36:00Z).
@Suite struct SigV4SignerTests {
    let signer = SigV4Signer(
        credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1",
        service: "service"
    )
    let date = Date(timeIntervalSince1970: 1_440_938_160)

    @Test func getVanilla() {
        let signature = signer.sign(method: "GET", path: "/", host: "example.amazonaws.com", body: [], date: date)
        #expect(
            signature.canonicalRequest
                == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        )
        #expect(
            signature.stringToSign
                == "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"
        )
        #expect(signature.signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        let authorization = signature.headers.first { $0.0 == "Authorization" }?.1
        #expect(
            authorization
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        )
    }

    @Test func getVanillaQueryOrderKeyCase() {
        let signature = signer.sign(
            method: "GET",
            path: "/",
            query: [("Param2", "value2"), ("Param1", "value1")],
            host: "example.amazonaws.com",
            body: [],
            date: date
        )
        #expect(signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[2] == "Param1=value1&Param2=value2")
        #expect(signature.signature == "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
    }

    @Test func postXWWWFormURLEncoded() {
        let signature = signer.sign(
            method: "POST",
            path: "/",
            host: "example.amazonaws.com",
            headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array("Param1=value1".utf8),
            date: date
        )
        #expect(
            signature.canonicalRequest
                == "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                + "content-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"
        )
        #expect(
            signature.stringToSign
                == "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                + "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281"
        )
        #expect(signature.signature == "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a")
    }

    @Test func aSessionTokenIsSentAndSigned() {
        var withToken = signer
        withToken.credentials.sessionToken = "token"
        let signature = withToken.sign(method: "GET", path: "/", host: "example.amazonaws.com", body: [], date: date)
        #expect(signature.headers.contains { $0.0 == "X-Amz-Security-Token" && $0.1 == "token" })
        #expect(signature.canonicalRequest.contains("\nhost;x-amz-date;x-amz-security-token\n"))
    }

    @Test func credentialsComeFromTheStandardVariables() {
        let environment = ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token"]
        #expect(AWSCredentials.fromEnvironment(environment) == AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "token"))
        #expect(AWSCredentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "AKID"]) == nil)
    }
}
