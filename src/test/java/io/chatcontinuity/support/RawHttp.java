package io.chatcontinuity.support;

import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** HTTP/1.1 as bytes on a socket, for requests that no well-behaved client library would send. */
public final class RawHttp {

    /** A response: its status, its header block (lower-cased names) and its body. */
    public record Answer(int status, String headers, String body) {

        public String header(String name) {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0
                        && line.substring(0, colon)
                                .trim()
                                .toLowerCase(Locale.ROOT)
                                .equals(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawHttp() {}

    /** Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and {@code body}. */
    public static Answer send(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body);
                out.flush();
            } catch (IOException closedEarly) {
                // The server may answer and close before the whole body is sent; its answer is still to be read.
            }
            return read(socket.getInputStream());
        }
    }

    public static Answer send(String head) throws IOException {
        return send(head, new byte[0]);
    }

    /** A chunked body of {@code size} bytes of {@code x}, in 8 KiB chunks. */
    public static byte[] chunked(int size) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int sent = 0; sent < size; sent += 8192) {
            int chunk = Math.min(8192, size - sent);
            body.writeBytes((Integer.toHexString(chunk) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes("x".repeat(chunk).getBytes(StandardCharsets.US_ASCII));
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                all.write(buffer, 0, n);
                String text = all.toString(StandardCharsets.UTF_8);
                int end = text.indexOf("\r\n\r\n");
                if (end > 0 && complete(text, end)) {
                    break;
                }
            }
        } catch (IOException reset) {
            // A server that closes a connection with unread request bytes may reset it after its answer.
        }
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return new Answer(-1, text, "");
        }
        int status = Integer.parseInt(text.substring(9, 12));
        return new Answer(status, text.substring(0, end), text.substring(end + 4));
    }

    private static boolean complete(String text, int headEnd) {
        Answer head = new Answer(0, text.substring(0, headEnd), "");
        String length = head.header("content-length");
        return length != null && text.length() - headEnd - 4 >= Integer.parseInt(length);
    }
}
