package dev.ensemble.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The page for every error the container answers itself (WEB-INF/web.xml points every status and
 * exception here): what happened in words and a way back to the start page, never the server's own
 * page with its message codes and class names. It names no address of the request, so nothing a
 * link carries is reflected into the page.
 */
@WebServlet("/error")
public class ErrorPageServlet extends HttpServlet {

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer number ? number : HttpServletResponse.SC_NOT_FOUND;
    String[] words = words(status);
    response.setStatus(status);
    response.setContentType("text/html");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response
        .getWriter()
        .write(
            PAGE.replace("{title}", words[0])
                .replace("{text}", words[1])
                .replace("{home}", escape(request.getContextPath() + "/")));
  }

  /** The title and the explanation of a status. */
  static String[] words(int status) {
    if (status == HttpServletResponse.SC_NOT_FOUND) {
      return new String[] {
        "Nothing here",
        "There is no page at this address. A room's address looks like r/quiet-otter-4821 after"
            + " the server's; check the link you followed, it may have been copied in part."
      };
    }
    if (status == HttpServletResponse.SC_BAD_REQUEST) {
      return new String[] {
        "This address is not valid",
        "The address holds characters no page of Ensemble has. Check the link you followed."
      };
    }
    if (status >= 500) {
      return new String[] {
        "Something went wrong on the server",
        "The server could not answer just now. Try again in a moment; the rooms and their"
            + " documents are kept apart from this page."
      };
    }
    return new String[] {
      "This page cannot be shown", "The server refused this request (status " + status + ")."
    };
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static final String PAGE =
      """
      <!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{title} · Ensemble</title>
          <style>
            :root { color-scheme: light dark; font-family: system-ui, sans-serif; font-size: 15px; }
            body { margin: 0; display: grid; place-items: center; min-height: 100vh; }
            main { max-width: 34rem; padding: 24px; }
            h1 { font-size: 22px; margin: 0 0 12px; }
            a { display: inline-block; margin-top: 8px; padding: 6px 14px; border-radius: 6px;
                background: #1565c0; color: #fff; text-decoration: none; }
          </style>
        </head>
        <body>
          <main>
            <h1>{title}</h1>
            <p>{text}</p>
            <a id="home" href="{home}">Go to the start page</a>
          </main>
        </body>
      </html>
      """;
}
