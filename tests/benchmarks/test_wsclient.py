"""The load generator's lean WebSocket client reads server frames the way RFC 6455 draws them."""

from websockets.frames import Frame, Opcode

from benchmarks.wsclient import LeanSocket


class Transport:
    def __init__(self) -> None:
        self.written: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.written.append(data)


def upgraded(received: list[bytes]) -> tuple[LeanSocket, Transport]:
    socket = LeanSocket(received.append)
    transport = Transport()
    socket.transport = transport  # type: ignore[assignment]
    socket.data_received(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")
    return socket, transport


def server_frame(opcode: Opcode, data: bytes, fin: bool = True) -> bytes:
    return Frame(opcode, data, fin=fin).serialize(mask=False)


async def test_frames_of_every_length_split_anywhere_arrive_whole() -> None:
    received: list[bytes] = []
    socket, _ = upgraded(received)
    payloads = [b"x" * 10, b"y" * 300, b"z" * 70_000]
    stream = b"".join(server_frame(Opcode.TEXT, p) for p in payloads)
    for start in range(0, len(stream), 7):  # the network may cut anywhere
        socket.data_received(stream[start : start + 7])
    assert received == payloads


async def test_fragments_are_joined_and_pings_answered() -> None:
    received: list[bytes] = []
    socket, transport = upgraded(received)
    socket.data_received(server_frame(Opcode.TEXT, b"hel", fin=False) + server_frame(Opcode.PING, b"hi"))
    socket.data_received(server_frame(Opcode.CONT, b"lo"))
    assert received == [b"hello"]
    pong = transport.written[-1]
    assert (pong[0], pong[1] & 0x80, pong[1] & 0x7F) == (0x8A, 0x80, 2)  # FIN+pong, masked, 2 bytes
    mask, masked = pong[2:6], pong[6:]
    assert bytes(b ^ mask[i % 4] for i, b in enumerate(masked)) == b"hi"
