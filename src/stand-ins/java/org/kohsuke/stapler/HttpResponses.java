// Compile-only stand-in for org.kohsuke.stapler:stapler 1872.ve203fa_6b_b_98d; never packaged.
package org.kohsuke.stapler;

public class HttpResponses {

    public abstract static class HttpResponseException extends RuntimeException implements HttpResponse {

        private static final long serialVersionUID = 1L;

        public HttpResponseException() {
        }

        public HttpResponseException(String message) {
            super(message);
        }
    }

    public static HttpResponseException ok() {
        throw new UnsupportedOperationException("stand-in");
    }

    public static HttpResponseException notFound() {
        throw new UnsupportedOperationException("stand-in");
    }

    public static HttpResponseException forbidden() {
        throw new UnsupportedOperationException("stand-in");
    }

    public static HttpResponseException status(int code) {
        throw new UnsupportedOperationException("stand-in");
    }

    public static HttpResponseException errorWithoutStack(int code, String errorMessage) {
        throw new UnsupportedOperationException("stand-in");
    }

    public static HttpRedirect redirectTo(String url) {
        throw new UnsupportedOperationException("stand-in");
    }

    public static HttpResponse redirectToDot() {
        throw new UnsupportedOperationException("stand-in");
    }

    public static HttpResponseException forwardToPreviousPage() {
        throw new UnsupportedOperationException("stand-in");
    }

    public static HttpResponse text(String text) {
        throw new UnsupportedOperationException("stand-in");
    }
}
