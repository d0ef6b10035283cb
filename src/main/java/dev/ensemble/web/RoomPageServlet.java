package dev.ensemble.web;

import dev.ensemble.wire.Names;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Serves the room page at the room's shareable address, {@code /r/{roomId}}. */
@WebServlet("/r/*")
public class RoomPageServlet extends HttpServlet {

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    String path = request.getPathInfo();
    String room = path == null ? "" : path.substring(1);
    if (!Names.ROOM_ID.matcher(room).matches()) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such room address");
      return;
    }
    request.getRequestDispatcher("/room.html").forward(request, response);
  }
}
