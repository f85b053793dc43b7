# One image for both roles: `api` and `worker` (see docker-compose.yml).
FROM node:20.19.5-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --include=dev
COPY . .
RUN npm run db:generate
USER node
EXPOSE 3000 3001
# node itself is PID 1 (tsx only as its loader): SIGTERM from `docker stop` reaches the
# service's own handler, which stops it gracefully (no wrapper that relays or kills).
ENTRYPOINT ["node", "--import", "tsx", "src/main.ts"]
CMD ["api"]
