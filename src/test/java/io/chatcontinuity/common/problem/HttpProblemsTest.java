package io.chatcontinuity.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatcontinuity.support.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** Requests that fail below the REST layer are answered as problems too, where the HTTP codec lets them through. */
@QuarkusTest
class HttpProblemsTest {

    @Test
    void aRequestWithoutHostIsAProblem() throws Exception {
        RawHttp.Answer answer = RawHttp.send("GET /v1/apps/app_AAAAAAAAAAAAAAAA/widget-config HTTP/1.1");

        assertProblem(answer, 400, "/problems/invalid-request");
        assertTrue(answer.body().contains("Host header"), answer.body());
    }

    @Test
    void anAsteriskRequestTargetIsANotFoundProblem() throws Exception {
        assertProblem(RawHttp.send("GET * HTTP/1.1\r\nHost: localhost"), 404, "/problems/not-found");
    }

    @Test
    void aChunkedBodyOverTheLimitIsAProblem() throws Exception {
        RawHttp.Answer answer = RawHttp.send(
                "POST /v1/admin/apps HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer test-admin-token\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked",
                RawHttp.chunked(70_000));

        assertProblem(answer, 413, "/problems/payload-too-large");
    }

    @Test
    void aChunkedBodyWithinTheLimitIsRead() throws Exception {
        String body = "{\"name\":\"Chunked shop\",\"allowedOrigins\":[\"https://chunked.example.com\"]}";
        String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        RawHttp.Answer answer = RawHttp.send(
                "POST /v1/admin/apps HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer test-admin-token\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close",
                chunked.getBytes());

        assertEquals(201, answer.status(), answer.body());
        assertEquals("Chunked shop", new JsonPath(answer.body()).getString("name"));
    }

    @Test
    void anEmptyChunkedBodyIsAnswered() throws Exception {
        RawHttp.Answer answer = RawHttp.send(
                "POST /v1/apps/app_AAAAAAAAAAAAAAAA/sessions HTTP/1.1\r\n"
                        + "Host: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                        + "Connection: close",
                "0\r\n\r\n".getBytes());

        assertProblem(answer, 404, "/problems/not-found");
    }

    @Test
    void aLongRequestTargetIsAProblem() throws Exception {
        RawHttp.Answer answer =
                RawHttp.send("GET /v1/apps/" + "a".repeat(5_000) + "/widget-config HTTP/1.1\r\n" + "Host: localhost");

        assertProblem(answer, 414, "/problems/invalid-request");
    }

    @Test
    void largeHeadersAreAProblem() throws Exception {
        RawHttp.Answer answer = RawHttp.send("GET /v1/apps/app_AAAAAAAAAAAAAAAA/widget-config HTTP/1.1\r\n"
                + "Host: localhost\r\nX-Padding: " + "p".repeat(25_000));

        assertProblem(answer, 431, "/problems/invalid-request");
    }

    /** The HTTP codec refuses these before any handler of ours runs; documented in the README. */
    @Test
    void controlCharactersInAHeaderAreRefusedByTheCodec() throws Exception {
        RawHttp.Answer answer = RawHttp.send(
                "GET /v1/apps/app_AAAAAAAAAAAAAAAA/widget-config HTTP/1.1\r\n" + "Host: localhost\r\nX-Evil: a\u0001b");

        assertEquals(400, answer.status());
    }

    private static void assertProblem(RawHttp.Answer answer, int status, String type) {
        assertEquals(status, answer.status(), answer.headers() + "\n\n" + answer.body());
        assertEquals(Problem.MEDIA_TYPE, answer.header("content-type"));
        JsonPath problem = new JsonPath(answer.body());
        assertEquals(type, problem.getString("type"));
        assertEquals(status, problem.getInt("status"));
    }
}
