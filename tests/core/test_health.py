import httpx


async def test_healthz_answers_while_the_process_is_up(http: httpx.AsyncClient) -> None:
    response = await http.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_checks_postgres_and_redis(http: httpx.AsyncClient) -> None:
    response = await http.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["postgres"], body["redis"]) == ("ready", "ok", "ok")
    assert set(body["chat_write_behind"]) == {"stream_length", "pending", "lag_seconds", "dead_letters"}
